"""A small synthetic corpus of original pages for store and ingest tests."""

from __future__ import annotations

import json
from pathlib import Path

FIRST = ["Ada", "Boris", "Chen", "Dora", "Emil", "Fatima", "Goran", "Hana", "Ivo", "Jana"]
LAST = ["Moreau", "Novak", "Okoro", "Petrov", "Quinn", "Rossi", "Sato", "Tanaka", "Ueda", "Vidal"]
TOWNS = ["Elmsford", "Brackley", "Dunmore", "Fairhaven", "Glenrock", "Harrowby"]


def page(number: int) -> dict[str, str]:
    """Page ``number``: an article with quotes and a thread with a reply."""
    first, last = FIRST[number % 10], LAST[(number // 10) % 10]
    town = TOWNS[number % len(TOWNS)]
    name = f"{first} {last}"
    text = (
        f"Mayor {name} said the {town} library would reopen in spring. "
        f'"We owe the readers of {town} a proper building," {last} said.\n\n'
        f"Councillor Ruth Ames said that the budget for issue {number} was too small.\n\n"
        f"reader_{number}\n\n"
        f"{last} is a clown and should resign. The library is a waste of money.\n\n"
        f"night_owl\n\n"
        f"@reader_{number} nonsense, {last} is right about the library.\n\n"
        f"sam_{number % 7}\n\n"
        f"Good news for {town} at last, thanks to {name}.\n\n"
        f"pat_{number % 5}\n\n"
        f"Still waiting for the bus stop outside it."
    )
    return {"id": f"page-{number}", "title": f"{town} Library To Reopen", "text": text}


def write_corpus(path: Path, count: int) -> Path:
    with open(path, "w", encoding="utf-8") as handle:
        for number in range(count):
            handle.write(json.dumps(page(number)) + "\n")
    return path
