"""Plain DRF serializers: what clients send (``inputs``) and the documented output shapes
(``outputs``). Callers import every name from here: ``from meetings.api import serializers``."""

from meetings.api.serializers.inputs import (
    ACTION_CHOICES as ACTION_CHOICES,
)
from meetings.api.serializers.inputs import (
    DAYS_REQUIRED as DAYS_REQUIRED,
)
from meetings.api.serializers.inputs import (
    EDITING_CHOICES as EDITING_CHOICES,
)
from meetings.api.serializers.inputs import (
    FINAL_EITHER as FINAL_EITHER,
)
from meetings.api.serializers.inputs import (
    FINAL_ONE_DAY as FINAL_ONE_DAY,
)
from meetings.api.serializers.inputs import (
    FINAL_STARTS_ON as FINAL_STARTS_ON,
)
from meetings.api.serializers.inputs import (
    ID_SCHEMA as ID_SCHEMA,
)
from meetings.api.serializers.inputs import (
    MARK_DAY as MARK_DAY,
)
from meetings.api.serializers.inputs import (
    MARK_DAY_ONE as MARK_DAY_ONE,
)
from meetings.api.serializers.inputs import (
    AnyIdField as AnyIdField,
)
from meetings.api.serializers.inputs import (
    DateRangeInput as DateRangeInput,
)
from meetings.api.serializers.inputs import (
    DeadlineInput as DeadlineInput,
)
from meetings.api.serializers.inputs import (
    EditingInput as EditingInput,
)
from meetings.api.serializers.inputs import (
    FinalInput as FinalInput,
)
from meetings.api.serializers.inputs import (
    LocationInput as LocationInput,
)
from meetings.api.serializers.inputs import (
    MarkInput as MarkInput,
)
from meetings.api.serializers.inputs import (
    MarksInput as MarksInput,
)
from meetings.api.serializers.inputs import (
    MeetingCreateInput as MeetingCreateInput,
)
from meetings.api.serializers.inputs import (
    NullOnlyField as NullOnlyField,
)
from meetings.api.serializers.inputs import (
    ParticipantCreateInput as ParticipantCreateInput,
)
from meetings.api.serializers.inputs import (
    ParticipantDateInput as ParticipantDateInput,
)
from meetings.api.serializers.inputs import (
    ParticipantNameField as ParticipantNameField,
)
from meetings.api.serializers.inputs import (
    PasswordInput as PasswordInput,
)
from meetings.api.serializers.inputs import (
    StrictCharField as StrictCharField,
)
from meetings.api.serializers.inputs import (
    StrictIntegerField as StrictIntegerField,
)
from meetings.api.serializers.inputs import (
    StrictUUIDField as StrictUUIDField,
)
from meetings.api.serializers.inputs import (
    TitleInput as TitleInput,
)
from meetings.api.serializers.inputs import (
    WeekdayField as WeekdayField,
)
from meetings.api.serializers.inputs import (
    WeekdaysField as WeekdaysField,
)
from meetings.api.serializers.inputs import (
    errors_flat as errors_flat,
)
from meetings.api.serializers.inputs import (
    id_field as id_field,
)
from meetings.api.serializers.outputs import (
    FIELD_ERRORS_SCHEMA as FIELD_ERRORS_SCHEMA,
)
from meetings.api.serializers.outputs import (
    KEY_HELP as KEY_HELP,
)
from meetings.api.serializers.outputs import (
    BestTimeOutput as BestTimeOutput,
)
from meetings.api.serializers.outputs import (
    ErrorOutput as ErrorOutput,
)
from meetings.api.serializers.outputs import (
    FinalOutput as FinalOutput,
)
from meetings.api.serializers.outputs import (
    MeetingCreatedOutput as MeetingCreatedOutput,
)
from meetings.api.serializers.outputs import (
    MeetingOutput as MeetingOutput,
)
from meetings.api.serializers.outputs import (
    ParticipantCreatedOutput as ParticipantCreatedOutput,
)
from meetings.api.serializers.outputs import (
    ParticipantDateOutput as ParticipantDateOutput,
)
from meetings.api.serializers.outputs import (
    ParticipantOutput as ParticipantOutput,
)
from meetings.api.serializers.outputs import (
    ParticipantSessionOutput as ParticipantSessionOutput,
)
