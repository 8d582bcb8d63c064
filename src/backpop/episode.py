"""The input contract: the facts of one episode of back popping.

Every field is optional. A field that is left out is *unknown*, which is not
the same as *no*: rules treat an unknown fact as absent, and the assessment
lists the red-flag questions that were never answered.
"""

from __future__ import annotations

import typing
from enum import Enum, StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt


class Region(StrEnum):
    NECK = "neck"
    UPPER_BACK = "upper_back"
    LOWER_BACK = "lower_back"
    UNSURE = "unsure"


class Sound(StrEnum):
    POP = "pop"
    CLICK = "click"
    GRINDING = "grinding"
    CLUNK = "clunk"
    NONE = "none"
    UNSURE = "unsure"


class Repeat(StrEnum):
    NOT_FOR_A_WHILE = "not_for_a_while"
    EVERY_MOVEMENT = "every_movement"
    UNKNOWN = "unknown"


class Activity(StrEnum):
    TWISTING = "twisting"
    BENDING = "bending"
    STRETCHING = "stretching"
    POSITION_CHANGE = "position_change"
    SELF_ADJUSTING = "self_adjusting"
    HEAVY_LIFT = "heavy_lift"
    FALL = "fall"
    HIGH_ENERGY_TRAUMA = "high_energy_trauma"
    OTHER = "other"
    UNKNOWN = "unknown"


class Pain(StrEnum):
    NONE = "none"
    MILD = "mild"
    MODERATE = "moderate"
    SEVERE = "severe"


class PainWithSound(StrEnum):
    NEVER = "never"
    SOMETIMES = "sometimes"
    CONSISTENTLY = "consistently"


class Frequency(StrEnum):
    FIRST_TIME = "first_time"
    OCCASIONALLY = "occasionally"
    DAILY = "daily"
    MANY_TIMES_DAILY = "many_times_daily"


class SelfAdjusting(StrEnum):
    NEVER = "never"
    OCCASIONALLY = "occasionally"
    DAILY = "daily"
    MANY_TIMES_DAILY = "many_times_daily"


def _flag(description: str) -> Any:
    return Field(default=None, description=description)


class _RedFlag:
    """Marks a red flag in the Episode model: a fact that makes the disposition urgent or an
    emergency (TRIAGE_POLICY.md rules E and U), or a guideline red flag that makes it a
    consultation. Validation and the JSON schema ignore it; ``red_flag_fields()`` reads it."""

    def __repr__(self) -> str:
        return "RED_FLAG"


RED_FLAG = _RedFlag()
#: A yes/no fact that is a red flag.
RedFlagBool = Annotated[StrictBool | None, RED_FLAG]


class _RaisesInputError(type(BaseModel)):  # type: ignore[misc]
    """Episode(...) with bad facts raises InputError naming each one, never pydantic's own error.
    (Done here, not in __init__, so that validation inside other models and FastAPI is unchanged.)"""

    def __call__(cls, *args: Any, **facts: Any) -> Any:
        from pydantic import ValidationError

        try:
            return super().__call__(*args, **facts)
        except ValidationError as exc:
            from backpop.errors import InputError

            raise InputError(f"Episode: {describe_validation_error(exc)}") from None


class Episode(BaseModel, metaclass=_RaisesInputError):
    """What the person reports about one episode. Omitted means unknown."""

    model_config = ConfigDict(extra="forbid", use_enum_values=False, frozen=True)

    region: Region | None = Field(default=None, description="Where the sound came from.")
    sound: Sound | None = Field(
        default=None,
        description="pop: one clean pop or crack; click: a click or snap; grinding: grinding, "
        "crunching, grating or repetitive clicking; clunk: a loud clunk or thud; none: a "
        "sensation without sound.",
    )
    repeat: Repeat | None = Field(
        default=None,
        description="Can it be made to happen again straight away? A joint that has just cavitated cannot.",
    )
    activity: Activity | None = Field(
        default=None,
        description="What the person was doing. high_energy_trauma: road accident, fall from a "
        "height, sports collision.",
    )
    pain: Pain | None = Field(default=None, description="Pain now or with the sound.")
    pain_with_sound: PainWithSound | None = Field(default=None, description="How often the sound comes with pain.")
    pain_began_with_pop: StrictBool | None = _flag("A sudden sharp pop followed at once by pain that stayed.")
    giving_way: StrictBool | None = _flag("The back feels as if it gives way, or is unstable.")
    radiating_pain: RedFlagBool = _flag("Pain shooting down a leg (sciatica) or, from the neck, down an arm.")
    numbness_tingling: RedFlagBool = _flag("Numbness, pins and needles (paresthesia) in a limb.")
    limb_weakness: RedFlagBool = _flag("Weakness in an arm, leg or foot.")
    progressive_weakness: RedFlagBool = _flag("Weakness that is getting worse, foot drop, trouble walking.")
    bilateral_symptoms: RedFlagBool = _flag("Nerve symptoms in both legs (or both arms).")
    saddle_numbness: RedFlagBool = _flag("Numbness around the genitals, buttocks or inner thighs.")
    bladder_bowel_change: RedFlagBool = _flag(
        "New trouble passing or holding urine or stool, or new sexual dysfunction."
    )
    neurovascular_signs: RedFlagBool = _flag(
        "Dizziness, double vision, slurred speech, trouble swallowing, drop attacks, facial numbness."
    )
    sudden_severe_headache: RedFlagBool = _flag("Sudden, unusually severe headache or neck pain.")
    fever: RedFlagBool = _flag("Fever, chills or feeling systemically unwell.")
    cancer_history: RedFlagBool = _flag("Any past or current cancer.")
    unexplained_weight_loss: RedFlagBool = _flag("Weight loss without trying.")
    night_pain: RedFlagBool = _flag("Constant pain at night not eased by rest or position.")
    immunosuppressed: RedFlagBool = _flag("Immunosuppressive drugs, HIV, transplant, chemotherapy.")
    iv_drug_use: RedFlagBool = _flag("Injecting drug use.")
    osteoporosis: RedFlagBool = _flag("Diagnosed osteoporosis.")
    long_term_steroids: RedFlagBool = _flag("Oral corticosteroids for 3 months or more.")
    frequency: Frequency | None = Field(default=None, description="How often the sound happens.")
    weeks: Annotated[float, Field(ge=0, le=5200, allow_inf_nan=False)] | None = Field(
        default=None, description="How long the sound (or pain) has been going on, in weeks."
    )
    self_adjusting: SelfAdjusting | None = Field(
        default=None, description="How often the person cracks their own back on purpose."
    )
    age: Annotated[StrictInt, Field(ge=0, le=120)] | None = Field(default=None, description="Age in years.")

    @classmethod
    def model_validate(cls, obj: Any, **options: Any) -> Episode:  # type: ignore[override]
        """As pydantic's, but bad input raises InputError naming the fact."""
        from pydantic import ValidationError

        from backpop.errors import InputError

        if not isinstance(obj, dict | Episode):
            raise InputError(f"Episode: expected a mapping of episode facts, got {_json_kind(obj)}")
        try:
            return super().model_validate(obj, **options)
        except ValidationError as exc:
            raise InputError(f"Episode: {describe_validation_error(exc)}") from None

    def known(self) -> dict[str, Any]:
        """The facts that were answered, as plain JSON values."""
        return self.model_dump(mode="json", exclude_none=True)

    def merged(self, **facts: Any) -> Episode:
        """A copy with more facts; validated like any new Episode."""
        return Episode.model_validate({**self.known(), **facts})


def field_names() -> list[str]:
    return list(Episode.model_fields)


def red_flag_fields() -> tuple[str, ...]:
    """The red flags, in the Episode's field order: the fields the model marks RED_FLAG."""
    return tuple(name for name, info in Episode.model_fields.items() if RED_FLAG in info.metadata)


def allowed_values(name: str) -> list[Any] | None:
    """The values a field accepts (None for numbers)."""
    annotation = Episode.model_fields[name].annotation
    for arg in getattr(annotation, "__args__", (annotation,)):
        if isinstance(arg, type) and issubclass(arg, Enum):
            return [m.value for m in arg]
        if arg is bool:
            return [True, False]
    if name in ("pain_began_with_pop",) or _is_bool(name):
        return [True, False]
    return None


def _is_bool(name: str) -> bool:
    return "bool" in str(Episode.model_fields[name].annotation).lower()


def number_limits(name: str) -> tuple[float | None, float | None, bool]:
    """(lowest, highest, whole numbers only) of a number field, read from its own constraints."""
    low = high = None
    whole = False
    for arg in typing.get_args(Episode.model_fields[name].annotation):
        for meta in getattr(arg, "__metadata__", ()):
            for item in (meta, *getattr(meta, "metadata", ())):
                low = getattr(item, "ge", low)
                high = getattr(item, "le", high)
                whole = whole or getattr(item, "strict", False)
        whole = whole or getattr(arg, "__origin__", None) is int
    return low, high, whole


def allowed_text(name: str) -> str:
    """What a field accepts, in words built from the field itself: "a whole number from 0 to 120"."""
    values = allowed_values(name)
    if values == [True, False]:
        return "true or false"
    if values is not None:
        return ", ".join(values)
    low, high, whole = number_limits(name)
    number = "a whole number" if whole else "a number"
    if low is not None and high is not None:
        return f"{number} from {low:g} to {high:g}"
    if low is not None:
        return f"{number} of {low:g} or more"
    return number


def field_kind(name: str) -> str:
    """'enum', 'bool' or 'number'."""
    values = allowed_values(name)
    if values is None:
        return "number"
    if values == [True, False]:
        return "bool"
    return "enum"


def parse_episode(data: Any, *, origin: str = "episode") -> Episode:
    """Validate raw JSON data into an Episode, or raise InputError naming the field."""
    from pydantic import ValidationError

    from backpop.errors import InputError

    if not isinstance(data, dict):
        raise InputError(f"{origin}: expected a JSON object of episode facts, got {_json_kind(data)}")
    try:
        return BaseModel.model_validate.__func__(Episode, data)  # type: ignore[attr-defined]
    except ValidationError as exc:
        raise InputError(f"{origin}: {describe_validation_error(exc)}") from None


def describe_validation_error(exc: Any) -> str:
    """One line naming each bad field and what it accepts."""
    parts = []
    for err in exc.errors():
        name = ".".join(str(p) for p in err["loc"] if not isinstance(p, int)) or "episode"
        name = name.split(".")[0]
        if err["type"] == "extra_forbidden":
            parts.append(f"unknown field '{name}' (known fields: {', '.join(field_names())})")
            continue
        if name in Episode.model_fields:
            parts.append(f"'{name}' got {err.get('input')!r}; allowed: {allowed_text(name)}")
        else:
            parts.append(f"{name}: {err['msg']}")
    return "; ".join(dict.fromkeys(parts))


def _json_kind(value: Any) -> str:
    return {list: "a list", str: "a string", int: "a number", float: "a number"}.get(type(value), type(value).__name__)
