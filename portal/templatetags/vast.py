"""``{% vast %}…{% endvast %}``: a part of a template that is the same on every page in a
language, such as the links to the style sheets, the logo and the footer. It is rendered once per
process, language, script prefix and autoescaping, and then reused: the base template's fixed
parts cost a logged-in page about as much as its data (``docs/benchmark.md``).

Safe by construction: the tag refuses, when the template is compiled, anything inside it that
could differ between requests. Allowed are text, ``{% static %}`` and ``{% url %}`` with literal
arguments, ``{% translate %}`` of a literal string and comments; a variable, a block, an
``{% if %}`` or any other tag is a ``TemplateSyntaxError``. What is kept is bounded by the
languages and script prefixes, and the same in every process (it is derived from the code).
"""

from django import template
from django.template.base import Node, TextNode, Variable
from django.template.defaulttags import CommentNode, LoadNode, URLNode
from django.templatetags.i18n import TranslateNode
from django.templatetags.static import StaticNode
from django.urls import get_script_prefix
from django.utils.translation import get_language

register = template.Library()


def _letterlijk(expressie) -> bool:
    """A filter expression that is a quoted literal without filters."""
    if expressie is None:
        return True
    if expressie.filters:
        return False
    var = expressie.var
    return not isinstance(var, Variable) or var.lookups is None


def _vast(node) -> bool:
    if isinstance(node, TextNode | CommentNode | LoadNode):
        return True
    if isinstance(node, StaticNode):
        return node.varname is None and _letterlijk(node.path)
    if isinstance(node, URLNode):
        return (
            node.asvar is None
            and _letterlijk(node.view_name)
            and all(_letterlijk(a) for a in node.args)
            and all(_letterlijk(a) for a in node.kwargs.values())
        )
    if isinstance(node, TranslateNode):
        return (
            node.asvar is None
            and not node.noop
            and _letterlijk(node.filter_expression)
            and _letterlijk(node.message_context)
        )
    return False


class VastNode(Node):
    # No blocks inside (the tag refuses them): ``{% extends %}``, which looks for the blocks of
    # the base template on every render, need not walk through the fixed parts.
    child_nodelists = ()

    def __init__(self, nodelist):
        self.nodelist = nodelist
        self.uitvoer: dict[tuple[str, str, bool], str] = {}

    def render(self, context):
        sleutel = (get_language(), get_script_prefix(), context.autoescape)
        uitvoer = self.uitvoer.get(sleutel)
        if uitvoer is None:
            uitvoer = self.uitvoer[sleutel] = self.nodelist.render(context)
        return uitvoer


@register.tag
def vast(parser, token):
    nodelist = parser.parse(("endvast",))
    parser.delete_first_token()
    for node in nodelist:
        if not _vast(node):
            raise template.TemplateSyntaxError(
                f"{{% vast %}} may only hold text, literal {{% static %}}, {{% url %}} and "
                f"{{% translate %}}; not {node!r}"
            )
    return VastNode(nodelist)
