; Scopes, definitions and references for Power Query M, in the
; tree-sitter-highlight convention. A reference is matched by name with the
; nearest definition in an enclosing scope. Record fields are in scope inside
; their record (`[a = 1, b = a + 1]`); `each` binds `_`, which has no
; definition node.

; -- Scopes -------------------------------------------------------------------

[
  (section_document)
  (let_expression)
  (function_expression)
  (each_expression)
  (record_expression)
  (catch_clause)
] @local.scope

; -- Definitions --------------------------------------------------------------

(section_member
  name: (_) @local.definition)

(let_binding
  name: (_) @local.definition)

(parameter
  name: (_) @local.definition)

(record_field
  name: (_) @local.definition)

; -- References ---------------------------------------------------------------

(identifier_expression
  name: (_) @local.reference)
