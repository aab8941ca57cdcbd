"""What a bank holds, per topic: the data behind `lstm-quiz bank list`."""

from __future__ import annotations

from dataclasses import dataclass

from checker.bank.model import Bank, Text
from checker.i18n import LANGS


@dataclass(frozen=True)
class TopicSummary:
    topic: str
    title: Text
    questions: int
    parametrized: int
    languages: tuple[str, ...]

    def to_json(self) -> dict:
        return {
            "topic": self.topic,
            "title": dict(self.title),
            "questions": self.questions,
            "parametrized": self.parametrized,
            "languages": list(self.languages),
        }


def summarize(bank: Bank) -> list[TopicSummary]:
    summaries = []
    for topic in bank.topics:
        languages = tuple(
            lang for lang in LANGS if all(lang in q.prompt and lang in q.explanation for q in topic.questions)
        )
        summaries.append(
            TopicSummary(
                topic=topic.id,
                title=topic.title,
                questions=len(topic.questions),
                parametrized=sum(q.parametrized for q in topic.questions),
                languages=languages,
            )
        )
    return summaries
