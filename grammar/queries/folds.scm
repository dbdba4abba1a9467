; Foldable regions for Power Query M.

[
  (section_member)
  (let_expression)
  (if_expression)
  (record_expression)
  (list_expression)
  (record_type)
  (argument_list)
  (parameter_list)
  (comment)
] @fold
