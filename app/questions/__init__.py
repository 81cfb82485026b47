"""Question types: each validates its own definition, reads form answers and scores them.

Pure: no Flask or SQLAlchemy, so lessons can be checked and answers scored anywhere.
"""

from app.questions.answers import Response, Score
from app.questions.article import ArticleText, sentence_id
from app.questions.base import Question
from app.questions.choice import MultipleSelect, Option, SingleChoice
from app.questions.classify import Category, Classify, Item
from app.questions.fields import SKILLS
from app.questions.highlight import Distractor, Highlight
from app.questions.ordering import student_order, student_orders
from app.questions.registry import QUESTION_TYPES, question_from_definition, register
from app.questions.short_answer import Criterion, ShortAnswer

__all__ = [
    "QUESTION_TYPES",
    "SKILLS",
    "ArticleText",
    "Category",
    "Classify",
    "Criterion",
    "Distractor",
    "Highlight",
    "Item",
    "MultipleSelect",
    "Option",
    "Question",
    "Response",
    "Score",
    "ShortAnswer",
    "SingleChoice",
    "question_from_definition",
    "register",
    "sentence_id",
    "student_order",
    "student_orders",
]
