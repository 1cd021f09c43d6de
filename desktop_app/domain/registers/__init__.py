"""The ten registers of REGISTERS.md, each declared once in its own module."""

from desktop_app.domain.register import Register
from desktop_app.domain.registers.campaign import CAMPAIGN
from desktop_app.domain.registers.democracy import DEMOCRACY
from desktop_app.domain.registers.dialogue import DIALOGUE
from desktop_app.domain.registers.exemplary_model import EXEMPLARY_MODEL
from desktop_app.domain.registers.petition import PETITION
from desktop_app.domain.registers.prestigious_person import PRESTIGIOUS_PERSON
from desktop_app.domain.registers.public_opinion import PUBLIC_OPINION
from desktop_app.domain.registers.reception import RECEPTION
from desktop_app.domain.registers.supervision import SUPERVISION
from desktop_app.domain.registers.voter_meeting import VOTER_MEETING

# In the order the program lists them.
REGISTERS: tuple[Register, ...] = (
    RECEPTION,
    PETITION,
    DIALOGUE,
    VOTER_MEETING,
    EXEMPLARY_MODEL,
    SUPERVISION,
    CAMPAIGN,
    DEMOCRACY,
    PRESTIGIOUS_PERSON,
    PUBLIC_OPINION,
)
BY_NAME: dict[str, Register] = {register.name: register for register in REGISTERS}


def get_register(name: str) -> Register:
    """The register called ``name``; KeyError lists the known names when there is none."""
    try:
        return BY_NAME[name]
    except KeyError:
        known = ", ".join(BY_NAME)
        raise KeyError(f"no register {name!r}; the registers are: {known}") from None
