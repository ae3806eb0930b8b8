"""The registration as a table of steps, and the parsers of its typed answers.

Answers are stored under the step names (`FlowState.data["nik"]`, ...), which
staff drafts and `/datasaya` show as "the step reached". The diagram is in
README.md beside this file.
"""

from __future__ import annotations

from typing import Any

from bot.core import choices as menu
from bot.core.flows.base import FlowContext
from bot.core.flows.kit import Accepted, Answer, Confirm, End, GoTo, Outcome, Parser, Rejected, Step, equals
from bot.core.flows.kit.amount import amount_parser, unknown_amount
from bot.core.flows.registration import options as opt
from bot.core.flows.registration.areas import Place, place_in_text
from bot.core.flows.registration.lead import estimate_context, summary_context
from bot.core.models import Reply
from bot.core.validation.contact_time import read_contact_time
from bot.core.validation.nik import validate_nik
from bot.core.validation.numbers import parse_employee_count
from bot.core.validation.phone import validate_phone
from bot.core.validation.places import KECAMATAN, area_of_nik
from bot.core.validation.text import validate_free_text, validate_name
from bot.rules.parameters import Parameters

ROLE_STEPS = {
    "owner": ("business_name", "sector", "employees", "employees_registered", "owner_cover"),
    "employee": ("employer_name", "employer_registered"),
    "self_employed": ("occupation", "income", "programs"),
}
ALL_ROLE_FIELDS = tuple(step for steps in ROLE_STEPS.values() for step in steps)
# Progress stages: every role goes through each, so "langkah N dari 9" never jumps with the branch.
WORK, DETAILS = "work", "work_details"


def build_steps(params: Parameters) -> tuple[Step, ...]:
    owner, employee, self_employed = (equals("role", role) for role in ("owner", "employee", "self_employed"))

    def programs_question(ctx: FlowContext, data: Any) -> dict[str, Any]:
        return estimate_context(params, data, ctx.today)

    def owner_cover_question(ctx: FlowContext, data: Any) -> dict[str, Any]:
        """The owner's own BPU cover at the lowest income allowed, for the business's sector."""
        return estimate_context(params, {"occupation": data.get("sector")}, ctx.today)

    def summary_question(ctx: FlowContext, data: Any) -> dict[str, Any]:
        return summary_context(params, data, ctx.today)

    return (
        Step(
            "consent",
            "registration/consent",
            opt.CONSENT,
            parse=_consent,
            context=lambda ctx, data: {
                "previous_reference": str(data.get("previous_reference") or ""),
                "starts_over": bool(data.get("starts_over")),
            },
            back=False,
            numbered=False,  # the preface: what is asked and why
        ),
        Step("role", "registration/ask_role", opt.ROLE, parse=_role),
        Step("name", "registration/ask_name", parse=_name),
        Step("nik", "registration/ask_nik", parse=_nik),
        Step("phone", "registration/ask_phone", parse=_phone, request_contact=True),
        Step("area", "registration/ask_area", opt.AREA, parse=_area),
        Step(
            "area_other",
            "registration/ask_area_other",
            parse=_area_other,
            when=equals("area", opt.OTHER_AREA),
            stage="area",
        ),
        Step(
            "business_name", "registration/ask_business_name", parse=_free_text("business_name"), when=owner, stage=WORK
        ),
        Step("sector", "registration/ask_sector", opt.SECTOR, parse=_sector, when=owner, stage=WORK),
        Step("employees", "registration/ask_employees", parse=_employees, when=owner, stage=DETAILS),
        Step(
            "employees_registered",
            "registration/ask_employees_registered",
            opt.REGISTERED,
            parse=_registered("employees_registered", "registration/employer_obligation"),
            context=lambda ctx, data: {"employees": int(data.get("employees") or 0)},
            when=lambda data: data.get("role") == "owner" and int(data.get("employees") or 0) > 0,
            stage=DETAILS,
        ),
        Step(
            "owner_cover",
            "registration/ask_owner_cover",
            opt.OWNER_COVER,
            invalid="registration/invalid_owner_cover",
            context=owner_cover_question,
            when=owner,
            stage=DETAILS,
        ),
        Step(
            "employer_name",
            "registration/ask_employer_name",
            parse=_free_text("employer_name"),
            when=employee,
            stage=WORK,
        ),
        Step(
            "employer_registered",
            "registration/ask_employer_registered",
            opt.REGISTERED,
            parse=_registered("employer_registered", "registration/worker_right"),
            context=lambda ctx, data: {"employer_name": str(data.get("employer_name") or "")},
            when=employee,
            stage=DETAILS,
        ),
        Step(
            "occupation",
            "registration/ask_occupation",
            parse=_free_text("occupation"),
            when=self_employed,
            stage=WORK,
        ),
        Step(
            "income",
            "registration/ask_income",
            (unknown_amount("label.registration.income_unknown"),),
            parse=_income,
            when=self_employed,
            pick_by_number=False,
            stage=DETAILS,
        ),
        Step(
            "programs",
            "registration/ask_programs",
            opt.PROGRAMS,
            invalid="registration/invalid_programs",
            context=programs_question,
            when=self_employed,
            stage=DETAILS,
        ),
        Step(
            "contact_time",
            "registration/ask_contact_time",
            opt.CONTACT_TIME,
            parse=_contact_time,
        ),
        Step("summary", "registration/summary", opt.SUMMARY, parse=_summary, context=summary_question, review=True),
    )


# --- parsers: an answer in, an outcome out ------------------------------------------------
def _consent(answer: Answer) -> Outcome:
    if answer.option == "yes":
        return Accepted(True)
    if answer.option == "no":
        return End((Reply("registration/consent_declined", choices=menu.main_menu()),))
    return Rejected(Reply("registration/invalid_consent"))


def _role(answer: Answer) -> Outcome:
    if answer.option is None:
        return Rejected(Reply("registration/invalid_role"))
    changed = answer.data.get("role") not in (None, answer.option)
    return Accepted(answer.option, drop=ALL_ROLE_FIELDS if changed else ())


def _name(answer: Answer) -> Outcome:
    result = validate_name(answer.text)
    if result.value is None:
        return Rejected(Reply("registration/invalid_name", {"reason": str(result.problem)}))
    return Accepted(result.value)


def _nik(answer: Answer) -> Outcome:
    result = validate_nik(answer.text)
    if result.nik is None:
        context = {"reason": str(result.problem), "digits": result.digits_given}
        return Rejected(Reply("registration/invalid_nik", context))
    return Accepted(result.nik)


def _phone(answer: Answer) -> Outcome:
    result = validate_phone(answer.shared_phone or answer.text)
    if result.e164 is None:
        return Rejected(Reply("registration/invalid_phone", {"reason": str(result.problem)}))
    return Accepted(result.e164)


def _area(answer: Answer) -> Outcome:
    nik_area = area_of_nik(answer.data.get("nik"))
    if answer.option == opt.KECAMATAN_LIST:
        return GoTo("area", notes=(Reply("registration/kecamatan_list", {"kecamatan": KECAMATAN}),))
    if answer.option == opt.OTHER_AREA:
        return Accepted(opt.OTHER_AREA, drop=("kecamatan",))
    if answer.option is not None:
        return _in_branch(answer, Place(answer.option), nik_area)
    place = place_in_text(answer.said, nik_area)
    if place.area is not None:
        return _in_branch(answer, place, nik_area)
    if place.candidates:
        context = {"reason": "ambiguous", "kecamatan": place.kecamatan or "", "candidates": list(place.candidates)}
        return Rejected(Reply("registration/invalid_area", context))
    typed = validate_free_text(answer.text)
    if typed.value is None:
        return Rejected(Reply("registration/invalid_area", {"reason": "unknown", "kecamatan": "", "candidates": []}))
    return _outside(answer, typed.value, nik_area, value=opt.OTHER_AREA)


def _area_other(answer: Answer) -> Outcome:
    """A place typed after "Lainnya": often outside the branch, sometimes a kecamatan inside it."""
    typed = validate_free_text(answer.text)
    if typed.value is None:
        return Rejected(Reply("registration/invalid_area_other", {"reason": str(typed.problem)}))
    nik_area = area_of_nik(answer.data.get("nik"))
    place = place_in_text(answer.said, nik_area)
    if place.area is not None and not answer.declined:
        if not answer.confirmed:
            context = {"place": typed.value, "area": place.area, "kecamatan": place.kecamatan or ""}
            return Confirm(Reply("registration/confirm_in_branch", context))
        return Accepted(typed.value, updates={"area": place.area, "kecamatan": place.kecamatan})
    return _outside(answer, typed.value, nik_area, value=typed.value, checked=place.area is not None)


def _in_branch(answer: Answer, place: Place, nik_area: str | None) -> Outcome:
    """One of the branch's areas; a NIK issued elsewhere is asked about, never refused."""
    area = str(place.area)
    if nik_area not in (None, area) and not answer.confirmed:
        context = {"area": area, "kecamatan": place.kecamatan or "", "nik_area": nik_area, "place": ""}
        return Confirm(Reply("registration/confirm_area", context))
    if place.kecamatan:
        return Accepted(area, updates={"kecamatan": place.kecamatan}, drop=("area_other",))
    return Accepted(area, drop=("area_other", "kecamatan"))


def _outside(answer: Answer, place: str, nik_area: str | None, *, value: str, checked: bool = False) -> Outcome:
    """A place outside the branch: asked about when the NIK is from inside it, then referred."""
    if nik_area not in (None, opt.OTHER_AREA) and not answer.confirmed and not checked:
        context = {"area": opt.OTHER_AREA, "kecamatan": "", "nik_area": nik_area, "place": place}
        return Confirm(Reply("registration/confirm_area", context))
    notes = (Reply("registration/other_branch", {"place": place}),)
    updates = {"area_other": place} if value == opt.OTHER_AREA else {}
    return Accepted(value, updates=updates, notes=notes, drop=("kecamatan",))


def _free_text(step: str) -> Parser:
    def parse(answer: Answer) -> Outcome:
        typed = validate_free_text(answer.text)
        if typed.value is None:
            return Rejected(Reply("registration/invalid_text", {"reason": str(typed.problem), "step": step}))
        return Accepted(typed.value)

    return parse


def _sector(answer: Answer) -> Outcome:
    if answer.option is not None:
        return Accepted(answer.option)
    typed = validate_free_text(answer.text)
    if typed.value is not None:
        return Accepted(typed.value)
    return Rejected(Reply("registration/invalid_sector"))


def _employees(answer: Answer) -> Outcome:
    result = parse_employee_count(answer.text)
    if result.value is None:
        return Rejected(Reply("registration/invalid_employees", {"reason": str(result.problem)}))
    return Accepted(result.value, drop=("employees_registered",) if result.value == 0 else ())


def _registered(step: str, note_if_not: str) -> Parser:
    """Sudah / belum / tidak tahu; "belum" gets a note on the employer's duty and the worker's right."""

    def parse(answer: Answer) -> Outcome:
        if answer.option is None:
            return Rejected(Reply("registration/invalid_yes_no", {"step": step}))
        context = {"employer_name": str(answer.data.get("employer_name") or "")}
        notes = (Reply(note_if_not, context),) if answer.option == "no" else ()
        return Accepted(answer.option, notes=notes)

    return parse


_income = amount_parser(lambda answer, problem, amount: Reply("registration/invalid_income", {"reason": problem.value}))


def _contact_time(answer: Answer) -> Outcome:
    """A button, or the time as people say it ("habis maghrib"), kept for staff to read."""
    if answer.option is not None:
        return Accepted(answer.option)
    result = read_contact_time(answer.text)
    if result.value is None:
        return Rejected(Reply("registration/invalid_contact_time", {"reason": result.problem}))
    return Accepted(result.value)


def _summary(answer: Answer) -> Outcome:
    if answer.option is None:
        return Rejected(Reply("registration/invalid_summary"))
    if answer.option == "confirm":
        return Accepted("confirm")  # the kit asks any open question first, else finishes
    if answer.option == "details":
        return GoTo(None, drop=ALL_ROLE_FIELDS)
    return GoTo(answer.option)
