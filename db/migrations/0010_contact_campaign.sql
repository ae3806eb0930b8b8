-- A contact's source is the campaign code ("posterpasar"), as its lead's is, not the whole
-- deep-link payload ("daftar_posterpasar"): a broadcast to sumber=posterpasar must reach
-- everyone who came from that poster, registered or not.
UPDATE contacts SET source = substr(source, 8)
WHERE lower(substr(source, 1, 7)) IN ('daftar_', 'daftar-') AND length(source) > 7;
UPDATE contacts SET source = substr(source, 10)
WHERE lower(substr(source, 1, 9)) IN ('register_', 'register-') AND length(source) > 9;
UPDATE contacts SET source = substr(source, 11)
WHERE lower(substr(source, 1, 10)) IN ('mendaftar_', 'mendaftar-') AND length(source) > 10;
UPDATE contacts SET source = substr(source, 12)
WHERE lower(substr(source, 1, 11)) IN ('registrasi_', 'registrasi-') AND length(source) > 11;
UPDATE contacts SET source = substr(source, 7)
WHERE lower(substr(source, 1, 6)) IN ('iuran_', 'iuran-') AND length(source) > 6;
UPDATE contacts SET source = substr(source, 8)
WHERE lower(substr(source, 1, 7)) IN ('hitung_', 'hitung-') AND length(source) > 7;
