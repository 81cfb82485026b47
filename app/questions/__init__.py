"""Question types: each validates its own definition, reads form answers and scores them.

Pure: no Flask or SQLAlchemy, so lessons can be checked and answers scored anywhere. Every
module here is imported below; a module that defines a type registers it (see registry.py),
so adding a type is adding its module and its template folder (docs/ARCHITECTURE.md).
"""

from app.questions.answers import Response, Score
from app.questions.article import ArticleText, sentence_id
from app.questions.base import Question
from app.questions.ordering import student_order, student_orders
from app.questions.registry import (
    QUESTION_TYPES,
    load_types,
    question_from_definition,
    register,
    unregister,
)

load_types(__path__, __name__)

__all__ = [
    "QUESTION_TYPES",
    "ArticleText",
    "Question",
    "Response",
    "Score",
    "question_from_definition",
    "register",
    "sentence_id",
    "student_order",
    "student_orders",
    "unregister",
]
