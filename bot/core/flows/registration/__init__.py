"""Registration interest (issue 5): the flow, data rights, and the storage port they use."""

from bot.core.flows.registration.data_rights import DataDeleteFlow, DataViewFlow
from bot.core.flows.registration.flow import RegistrationFlow
from bot.core.flows.registration.ports import LeadStore, PersonalDataStore

__all__ = ["DataDeleteFlow", "DataViewFlow", "LeadStore", "PersonalDataStore", "RegistrationFlow"]
