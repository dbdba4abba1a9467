; Syntax highlighting for Power Query M.
;
; When several patterns capture the same node, tree-sitter-highlight (0.22)
; and Neovim use the last one, so the general patterns come first and the
; specific ones after them. Whether a dotted name such as `Table.AddColumn` is
; a library function is for the language server to say (it knows the
; library); here it is only a variable or a call.

; -- Variables ----------------------------------------------------------------

(let_binding
  name: (_) @variable)

(identifier_expression
  name: (_) @variable)

; -- Fields -------------------------------------------------------------------

(record_field
  name: (_) @property)

(field_selector
  name: (_) @property)

(field_specification
  name: (_) @property)

; -- Types --------------------------------------------------------------------

(primitive_type) @type.builtin

(function_type
  "function" @type.builtin)

(table_type
  "table" @type.builtin)

; `#shared`, `#sections` and the `#date`-style constructors when not called.
(intrinsic_identifier) @variable.builtin

; -- Sections ---------------------------------------------------------------

(section_document
  name: (_) @module)

(section_access_expression
  section: (_) @module
  member: (_) @variable)

; Attribute records: `[DataSource.Kind = "X"]` before a section or member.
(section_document
  attributes: (record_expression
    field: (record_field
      name: (_) @attribute)))

(section_member
  attributes: (record_expression
    field: (record_field
      name: (_) @attribute)))

(section_member
  name: (_) @constant)

(section_member
  name: (_) @function
  value: (function_expression))

; -- Functions and calls ------------------------------------------------------

(parameter
  name: (_) @variable.parameter)

(parameter_specification
  name: (_) @variable.parameter)

(let_binding
  name: (_) @function
  value: (function_expression))

(invocation_expression
  function: (identifier_expression
    name: (_) @function.call))

(invocation_expression
  function: (intrinsic_identifier) @function.builtin)

(invocation_expression
  function: (field_access_expression
    selector: (field_selector
      name: (_) @function.method.call)))

; -- Comments and literals ----------------------------------------------------

(comment) @comment

(number_literal) @number

(text_literal) @string

; What Power Query writes for a formula it could not parse.
(verbatim_literal) @string.special

(logical_literal) @boolean

(null_literal) @constant.builtin

; -- Keywords -----------------------------------------------------------------

[
  "section"
  "shared"
  "let"
  "in"
] @keyword

(type_expression
  "type" @keyword)

[
  "if"
  "then"
  "else"
] @keyword.conditional

[
  "try"
  "otherwise"
  "catch"
  "error"
] @keyword.exception

"each" @keyword.function

[
  "and"
  "or"
  "not"
  "as"
  "is"
  "meta"
] @keyword.operator

[
  "optional"
  "nullable"
] @keyword.modifier

; -- Operators and punctuation ------------------------------------------------

[
  "+"
  "-"
  "*"
  "/"
  "&"
  "="
  "<>"
  "<"
  "<="
  ">"
  ">="
  "??"
  "=>"
  ".."
  "!"
  "@"
  "?"
] @operator

(not_implemented_expression) @operator

(open_record_marker) @punctuation.special

[
  "("
  ")"
  "["
  "]"
  "{"
  "}"
] @punctuation.bracket

[
  ","
  ";"
] @punctuation.delimiter
