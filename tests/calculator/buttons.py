"""The calculator's button ids, written out: old messages in people's chats carry them, so they stay."""

BTN_SEG_BPU = "calc:seg:bpu"
BTN_SEG_EMPLOYER = "calc:seg:pk"
BTN_SEG_EMPLOYEE = "calc:seg:kar"
BTN_SECTOR_TRANSPORT = "calc:sek:tr"
BTN_SECTOR_OTHER = "calc:sek:ln"
BTN_JHT_YES = "calc:jht:ya"
BTN_JHT_NO = "calc:jht:tidak"
BTN_RISK = {
    "sangat-rendah": "calc:risk:sr",
    "rendah": "calc:risk:r",
    "sedang": "calc:risk:s",
    "tinggi": "calc:risk:t",
    "sangat-tinggi": "calc:risk:st",
}
BTN_RISK_UNKNOWN = "calc:risk:tt"
BTN_SCALE = {scale: f"calc:skala:{scale}" for scale in ("mikro", "kecil", "menengah", "besar")}
BTN_SCALE_UNKNOWN = "calc:skala:tt"
BTN_INCOME_UNKNOWN = "calc:inc:tt"
BTN_OWNER_YES = "calc:own:ya"
BTN_OWNER_NO = "calc:own:tidak"
BTN_OWNER_INCOME_UNKNOWN = "calc:owninc:tt"
BTN_BACK = "calc:back"
