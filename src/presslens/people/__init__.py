"""People (one cluster per person, with roles) and other named entities of a page."""

from presslens.people.clusters import ENTITY_TYPES, ParsedPart, find_people_and_entities
from presslens.people.roles import roles_of_mention

__all__ = ["ENTITY_TYPES", "ParsedPart", "find_people_and_entities", "roles_of_mention"]
