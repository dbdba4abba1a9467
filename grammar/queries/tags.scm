; Tags for Power Query M: section members are the definitions (functions when
; their value is a function expression), invocations of a plain name are the
; references.

(section_document
  name: (_) @name) @definition.module

(section_member
  name: (_) @name
  value: (function_expression)) @definition.function

; Every other kind of value: queries cannot say "not a function".
(section_member
  name: (_) @name
  value: [
    (as_expression)
    (binary_expression)
    (each_expression)
    (error_handling_expression)
    (error_raising_expression)
    (field_access_expression)
    (field_projection)
    (field_selector)
    (identifier_expression)
    (if_expression)
    (intrinsic_identifier)
    (invocation_expression)
    (is_expression)
    (item_access_expression)
    (let_expression)
    (list_expression)
    (logical_literal)
    (metadata_expression)
    (not_implemented_expression)
    (null_literal)
    (number_literal)
    (parenthesized_expression)
    (projection_expression)
    (record_expression)
    (section_access_expression)
    (text_literal)
    (type_expression)
    (unary_expression)
    (verbatim_literal)
  ]) @definition.constant

(invocation_expression
  function: (identifier_expression
    name: (_) @name)) @reference.call
