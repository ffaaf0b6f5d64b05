"""The one expression front end: scan, limits, ``ParseError``, tree, parse, print, ``Dialect``.

- ``tutor.grammar.scan``: length, emptiness, ``#``, quotes and non-ASCII, refused at their
  column in every dialect;
- ``tutor.grammar.limits``: the one set of limits (length, depth, literal sizes, dims);
- ``tutor.grammar.errors``: ``ParseError(message, col, more=())`` and its shared messages;
- ``tutor.grammar.tree``: ``Num``, ``Ref``, ``Call``, ``Grad``, ``Lit``;
- ``tutor.grammar.parse``: ``parse(text, dialect)``, the one ``ast.parse`` call site;
- ``tutor.grammar.ast_reader``: ``AstReader``, the whitelisted ``ast`` tree -> the tree;
- ``tutor.grammar.printer``: ``to_text(expr, dialect)``, precedence-aware;
- ``tutor.grammar.dialect``: ``Spelling``, ``Param`` and ``Dialect``: what a dialect accepts;
- ``tutor.grammar.template``: op-row expressions over ``a``, ``b``, ``out``, ``dout``.

The grammar knows no op: the four dialects (scalar and tensor graph lines and answers)
are built from the op tables, in ``tutor.scalar.dialects`` and ``tutor.tensor.dialects``.
"""
