"""Question-type templates: `questions/<type>/<file>` comes from the folder the type registered.

The app's own types keep theirs under templates/questions/<type>/; a type kept elsewhere (a
test's throwaway type, say) names its own folder when it registers. An unregistered type has
no templates, so a page that asks for one fails instead of showing something else.
"""

from __future__ import annotations

from flask import Flask
from jinja2 import BaseLoader, ChoiceLoader, Environment, FileSystemLoader, TemplateNotFound

from app.questions.registry import template_folder


class QuestionTemplateLoader(BaseLoader):
    """Finds questions/<type>/<file> in the registered folder of <type>."""

    def get_source(self, environment: Environment, template: str):
        """The template's source from its type's folder; TemplateNotFound for anything else."""
        prefix, _, rest = template.partition("/")
        name, _, file = rest.partition("/")
        folder = template_folder(name) if prefix == "questions" and file else None
        if folder is None:
            raise TemplateNotFound(template)
        return FileSystemLoader(folder).get_source(environment, file)


def init_app(app: Flask) -> None:
    """Look in the question types' folders first, then wherever Flask looks."""
    app.jinja_env.loader = ChoiceLoader([QuestionTemplateLoader(), app.jinja_env.loader])
