"""backpop as HL7 FHIR: the interview as an SDC adaptive Questionnaire, answers as a
QuestionnaireResponse, the result as a RiskAssessment with Observations, a recording's events
as Observations, and the diary as a Bundle. Resources are checked with `fhir.resources`; R5 by
default, R4B on request.

    >>> from backpop.fhir import questionnaire, assess_response
    >>> questionnaire()["item"][0]["linkId"]
    'saddle_numbness'
"""

from backpop.fhir.operations import assess_response, next_question
from backpop.fhir.outcome import FhirInputError, operation_outcome
from backpop.fhir.questionnaire import episode_response, questionnaire, read_response
from backpop.fhir.versions import DEFAULT, Version, parse_version, validate

__all__ = [
    "DEFAULT",
    "FhirInputError",
    "Version",
    "assess_response",
    "episode_response",
    "next_question",
    "operation_outcome",
    "parse_version",
    "questionnaire",
    "read_response",
    "validate",
]
