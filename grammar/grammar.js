/**
 * @file Power Query M grammar for tree-sitter
 * @author pqcert authors
 * @license MIT
 *
 * Follows the consolidated grammar of the Power Query M language
 * specification. Expressions are built in layers, one hidden left-recursive
 * rule per precedence level of the specification (loosest first), rather than
 * as one flat binary expression: the layers reject what the specification
 * rejects (`x as number = y`, `a meta b meta c`) without precedence games.
 * See README.md for the node types and fields the analyzer relies on.
 */

/// <reference types="tree-sitter-cli/dsl" />
// @ts-check

const PREC = {
  // `try a otherwise b`: the nearest `try` takes the `otherwise`.
  try: 1,
  // In type positions the type reading wins over the expression reading,
  // as in Microsoft's parser: `type {{text}}` is a list of list types.
  type: 1,
};

const equalityOperators = ['=', '<>'];
const relationalOperators = ['<', '<=', '>', '>='];
const additiveOperators = ['+', '-', '&'];
const multiplicativeOperators = ['*', '/'];
const unaryOperators = ['+', '-', 'not'];

// The identifier-part characters of the specification (plus Microsoft's
// parser: any part character may follow a dot).
//
// The tree-sitter CLI's Unicode tables list only the first and last code
// point of the blocks that UnicodeData.txt gives as ranges (CJK ideographs,
// Hangul syllables, Tangut), so `\p{L}` alone rejects `日本`; LETTER_BLOCKS
// adds them back (Unicode 15.0, as in src/unicode.h).
const LETTER_BLOCKS = [
  '\\u3400-\\u4dbf', '\\u4e00-\\u9fff', '\\uac00-\\ud7a3',
  '\\u{17000}-\\u{187f7}', '\\u{18d00}-\\u{18d08}', '\\u{20000}-\\u{2a6df}',
  '\\u{2a700}-\\u{2b739}', '\\u{2b740}-\\u{2b81d}', '\\u{2b820}-\\u{2cea1}',
  '\\u{2ceb0}-\\u{2ebe0}', '\\u{30000}-\\u{3134a}', '\\u{31350}-\\u{323af}',
].join('');
const PART = `[\\p{L}\\p{Nl}\\p{Nd}\\p{Pc}\\p{Mn}\\p{Mc}\\p{Cf}${LETTER_BLOCKS}]`;
const START = `[\\p{L}\\p{Nl}_${LETTER_BLOCKS}]`;

module.exports = grammar({
  name: 'powerquery',

  extras: $ => [
    $.comment,
    // Every whitespace of the specification, plus U+FEFF so that a byte-order
    // mark at the start (or anywhere) is skipped.
    /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]/,
  ],

  externals: $ => [
    // A field name: one or more words of identifier-part characters joined by
    // single dots and blanks (`Field Name`, `1st Quarter`, `if`).
    $.generalized_identifier,
    // The `optional` modifier where a field name or parameter may follow.
    'optional',
    // A text literal, quoted identifier or verbatim literal with no closing
    // quote, up to the end of its first line. The scanner returns it only
    // during error recovery and no rule accepts it, so the mistake becomes a
    // small ERROR instead of a string that swallows the rest of the file.
    $._unterminated_literal,
    // Never valid in the grammar: tree-sitter marks every token valid during
    // error recovery, and the scanner then declines.
    $._error_sentinel,
  ],

  word: $ => $.identifier,

  supertypes: $ => [
    $._expression,
  ],

  // Inlining the precedence layers spares the parser a chain of unit
  // reductions for every operand; it more than doubles parsing speed.
  inline: $ => [
    $._name,
    $._field_name,
    $._coalesce,
    $._logical_or,
    $._logical_and,
    $._is,
    $._as,
    $._equality,
    $._relational,
    $._additive,
    $._multiplicative,
    $._metadata,
    $._unary,
    $._type_level,
    $._primary_expression,
    $._type_slot_expression,
    $._literal,
  ],

  conflicts: $ => [
    // `(x` starts either a parameter list or a parenthesized expression;
    // the `=>` decides.
    [$.parameter, $.identifier_expression],
  ],

  rules: {
    source_file: $ => choice(
      field('section', $.section_document),
      field('expression', $._expression),
    ),

    // -- Section documents ----------------------------------------------

    section_document: $ => seq(
      optional(field('attributes', $.record_expression)),
      'section',
      optional(field('name', $._name)),
      ';',
      repeat(field('member', $.section_member)),
    ),

    section_member: $ => seq(
      optional(field('attributes', $.record_expression)),
      optional(field('shared', 'shared')),
      field('name', $._name),
      '=',
      field('value', $._expression),
      ';',
    ),

    // -- Expressions, loosest first ---------------------------------------

    _expression: $ => choice(
      $._coalesce,
      $.each_expression,
      $.let_expression,
      $.if_expression,
      $.function_expression,
      $.error_raising_expression,
      $.error_handling_expression,
    ),

    each_expression: $ => seq('each', field('body', $._expression)),

    let_expression: $ => choice(
      seq($._let_bindings, field('body', $._expression)),
      seq('let', commaSep1(field('binding', $.let_binding)), alias($._missing, 'in')),
    ),

    // Ends with `in` for the same reason as _if_condition: `let x = 1 x`
    // recovers with a MISSING `in`.
    _let_bindings: $ => seq(
      'let',
      commaSep1(field('binding', $.let_binding)),
      'in',
    ),

    let_binding: $ => seq(
      field('name', $._name),
      '=',
      field('value', $._expression),
    ),

    if_expression: $ => choice(
      seq(
        $._if_condition,
        choice(
          seq($._if_consequence, field('alternative', $._expression)),
          seq(field('consequence', $._expression), alias($._missing, 'else')),
        ),
      ),
      seq('if', field('condition', $._expression), alias($._missing, 'then')),
    ),

    // `then` and `else` each end a hidden rule of their own, so that after
    // `if x 1` the lookahead can reduce that rule and error recovery inserts a
    // MISSING `then` instead of discarding the rest of the document.
    _if_condition: $ => seq('if', field('condition', $._expression), 'then'),
    _if_consequence: $ => seq(field('consequence', $._expression), 'else'),

    function_expression: $ => seq(
      field('parameters', $.parameter_list),
      optional(seq('as', field('return_type', $._nullable_primitive_type))),
      '=>',
      field('body', $._expression),
    ),

    parameter_list: $ => seq(
      '(',
      optional(choice(
        seq(
          commaSep1(field('parameter', $.parameter)),
          optional(seq(',', commaSep1(field('parameter', alias($._optional_parameter, $.parameter))))),
        ),
        commaSep1(field('parameter', alias($._optional_parameter, $.parameter))),
      )),
      ')',
    ),

    parameter: $ => seq(
      field('name', $._name),
      optional(seq('as', field('type', $._nullable_primitive_type))),
    ),

    _optional_parameter: $ => seq(
      field('optional', 'optional'),
      field('name', $._name),
      optional(seq('as', field('type', $._nullable_primitive_type))),
    ),

    error_raising_expression: $ => seq('error', field('value', $._expression)),

    error_handling_expression: $ => prec.right(PREC.try, seq(
      'try',
      field('body', $._expression),
      optional(field('handler', choice($.otherwise_clause, $.catch_clause))),
    )),

    otherwise_clause: $ => seq('otherwise', field('value', $._expression)),

    // `catch` is a contextual keyword: a function of zero or one untyped
    // parameters follows it.
    catch_clause: $ => seq(
      'catch',
      '(',
      optional(field('parameter', alias($._catch_parameter, $.parameter))),
      ')',
      '=>',
      field('body', $._expression),
    ),

    _catch_parameter: $ => field('name', $._name),

    // `??` has no production in the specification; Microsoft's parser nests
    // it to the right over logical-or operands.
    _coalesce: $ => choice($._logical_or, alias($.coalesce_expression, $.binary_expression)),
    coalesce_expression: $ => seq(
      field('left', $._logical_or),
      field('operator', '??'),
      field('right', $._coalesce),
    ),

    _logical_or: $ => choice($._logical_and, alias($.logical_or_expression, $.binary_expression)),
    logical_or_expression: $ => seq(
      field('left', $._logical_or),
      field('operator', 'or'),
      field('right', $._logical_and),
    ),

    _logical_and: $ => choice($._is, alias($.logical_and_expression, $.binary_expression)),
    logical_and_expression: $ => seq(
      field('left', $._logical_and),
      field('operator', 'and'),
      field('right', $._is),
    ),

    _is: $ => choice($._as, $.is_expression),
    is_expression: $ => seq(
      field('left', $._is),
      'is',
      field('type', $._nullable_primitive_type),
    ),

    _as: $ => choice($._equality, $.as_expression),
    as_expression: $ => seq(
      field('left', $._as),
      'as',
      field('type', $._nullable_primitive_type),
    ),

    _equality: $ => choice($._relational, alias($.equality_expression, $.binary_expression)),
    equality_expression: $ => seq(
      field('left', $._equality),
      field('operator', choice(...equalityOperators)),
      field('right', $._relational),
    ),

    _relational: $ => choice($._additive, alias($.relational_expression, $.binary_expression)),
    relational_expression: $ => seq(
      field('left', $._relational),
      field('operator', choice(...relationalOperators)),
      field('right', $._additive),
    ),

    _additive: $ => choice($._multiplicative, alias($.additive_expression, $.binary_expression)),
    additive_expression: $ => seq(
      field('left', $._additive),
      field('operator', choice(...additiveOperators)),
      field('right', $._multiplicative),
    ),

    _multiplicative: $ => choice($._metadata, alias($.multiplicative_expression, $.binary_expression)),
    multiplicative_expression: $ => seq(
      field('left', $._multiplicative),
      field('operator', choice(...multiplicativeOperators)),
      field('right', $._metadata),
    ),

    // `meta` does not associate: `a meta b meta c` is an error.
    _metadata: $ => choice($._unary, $.metadata_expression),
    metadata_expression: $ => seq(
      field('left', $._unary),
      'meta',
      field('right', $._unary),
    ),

    _unary: $ => choice($._type_level, $.unary_expression),
    unary_expression: $ => seq(
      field('operator', choice(...unaryOperators)),
      field('operand', $._unary),
    ),

    _type_level: $ => choice($._primary_expression, $.type_expression),

    // -- Primary expressions ----------------------------------------------

    _primary_expression: $ => choice(
      $._literal,
      $.identifier_expression,
      $.section_access_expression,
      $.intrinsic_identifier,
      $.parenthesized_expression,
      $.list_expression,
      $.record_expression,
      $.field_selector,
      $.field_projection,
      $.field_access_expression,
      $.projection_expression,
      $.item_access_expression,
      $.invocation_expression,
      $.not_implemented_expression,
    ),

    identifier_expression: $ => seq(
      optional(field('inclusive', '@')),
      field('name', $._name),
    ),

    // `Section1!member`: specification syntax that Power BI's parser lacks.
    section_access_expression: $ => seq(
      field('section', $._name),
      '!',
      field('member', $._name),
    ),

    // The `#` keywords that name library values; they can be invoked and
    // postfixed like identifiers (`#date(2020, 1, 1)`, `#shared[Text.From]`).
    intrinsic_identifier: _ => choice(
      '#binary', '#date', '#datetime', '#datetimezone', '#duration',
      '#sections', '#shared', '#table', '#time',
    ),

    parenthesized_expression: $ => seq('(', field('expression', $._expression), ')'),

    list_expression: $ => seq(
      '{',
      commaSep(field('item', choice($._expression, $.range_expression))),
      '}',
    ),

    range_expression: $ => seq(
      field('start', $._expression),
      '..',
      field('end', $._expression),
    ),

    record_expression: $ => seq(
      '[',
      commaSep(field('field', $.record_field)),
      ']',
    ),

    record_field: $ => seq(
      field('name', $._field_name),
      '=',
      field('value', $._expression),
    ),

    // `[name]` after an expression selects a field; alone, it selects a field
    // of `_` (implicit field access inside `each`).
    field_selector: $ => seq(
      '[',
      field('name', $._field_name),
      ']',
      optional(field('optional', '?')),
    ),

    // `[[a], [b]]` after an expression projects fields; alone, it projects `_`.
    field_projection: $ => seq(
      '[',
      commaSep1(field('field', alias($._required_selector, $.field_selector))),
      ']',
      optional(field('optional', '?')),
    ),

    _required_selector: $ => seq('[', field('name', $._field_name), ']'),

    field_access_expression: $ => seq(
      field('object', $._primary_expression),
      field('selector', $.field_selector),
    ),

    projection_expression: $ => seq(
      field('object', $._primary_expression),
      field('projection', $.field_projection),
    ),

    item_access_expression: $ => seq(
      field('object', $._primary_expression),
      '{',
      field('index', $._expression),
      '}',
      optional(field('optional', '?')),
    ),

    invocation_expression: $ => seq(
      field('function', $._primary_expression),
      field('arguments', $.argument_list),
    ),

    argument_list: $ => seq('(', commaSep(field('argument', $._expression)), ')'),

    not_implemented_expression: _ => '...',

    // -- Types --------------------------------------------------------------

    type_expression: $ => seq('type', field('type', $._primary_type)),

    _primary_type: $ => choice(
      $.primitive_type,
      $.record_type,
      $.list_type,
      $.function_type,
      $.table_type,
      $.nullable_type,
    ),

    // The nested type slots take a primary type or a primary expression
    // (Microsoft's extension of the specification's parenthesized
    // expression), but not a list or record expression or an implicit field
    // access: there `{` and `[` start a list or record type, as in
    // Microsoft's parser, so `type [a = {1, 2}]` and `type {{}}` are errors.
    _type: $ => choice(
      $._primary_type,
      prec(PREC.type, $._type_slot_expression),
    ),

    _type_slot_expression: $ => choice(
      $._literal,
      $.identifier_expression,
      $.section_access_expression,
      $.intrinsic_identifier,
      $.parenthesized_expression,
      $.field_access_expression,
      $.projection_expression,
      $.item_access_expression,
      $.invocation_expression,
      $.not_implemented_expression,
    ),

    _nullable_primitive_type: $ => choice(
      $.primitive_type,
      alias($._nullable_primitive, $.nullable_type),
    ),

    _nullable_primitive: $ => seq('nullable', field('type', $.primitive_type)),

    // Contextual keywords: `let table = 1 in table` is fine.
    primitive_type: _ => prec(PREC.type, choice(
      'any', 'anynonnull', 'binary', 'date', 'datetime', 'datetimezone',
      'duration', 'function', 'list', 'logical', 'none', 'null', 'number',
      'record', 'table', 'text', 'time', 'type',
      // Not in the specification; Microsoft's parser knows it.
      'action',
    )),

    nullable_type: $ => seq('nullable', field('type', $._type)),

    list_type: $ => prec(PREC.type, seq('{', field('item', $._type), '}')),

    record_type: $ => prec(PREC.type, seq(
      '[',
      optional(choice(
        seq(commaSep1(field('field', $.field_specification)), optional(seq(',', field('open', $.open_record_marker)))),
        field('open', $.open_record_marker),
      )),
      ']',
    )),

    open_record_marker: _ => '...',

    field_specification: $ => prec(PREC.type, seq(
      optional(field('optional', 'optional')),
      field('name', $._field_name),
      optional(seq('=', field('type', $._type))),
    )),

    table_type: $ => prec(PREC.type, seq(
      'table',
      field('row', choice(
        alias($._row_type, $.record_type),
        $._row_expression,
      )),
    )),

    // Microsoft's parser also takes a primary expression as the row type
    // when it starts with `@`, an identifier or `(`, postfixes included:
    // `type table Foo`, `type table (x)`, `type table Value.Type(t)[a]`.
    _row_expression: $ => choice(
      $.parenthesized_expression,
      $.identifier_expression,
      alias($._row_field_access, $.field_access_expression),
      alias($._row_projection, $.projection_expression),
      alias($._row_item_access, $.item_access_expression),
      alias($._row_invocation, $.invocation_expression),
    ),

    _row_field_access: $ => seq(
      field('object', $._row_expression),
      field('selector', $.field_selector),
    ),

    _row_projection: $ => seq(
      field('object', $._row_expression),
      field('projection', $.field_projection),
    ),

    _row_item_access: $ => seq(
      field('object', $._row_expression),
      '{',
      field('index', $._expression),
      '}',
      optional(field('optional', '?')),
    ),

    _row_invocation: $ => seq(
      field('function', $._row_expression),
      field('arguments', $.argument_list),
    ),

    _row_type: $ => seq(
      '[',
      commaSep(field('field', $.field_specification)),
      ']',
    ),

    function_type: $ => seq(
      'function',
      '(',
      optional(choice(
        seq(
          commaSep1(field('parameter', $.parameter_specification)),
          optional(seq(',', commaSep1(field('parameter', alias($._optional_parameter_specification, $.parameter_specification))))),
        ),
        commaSep1(field('parameter', alias($._optional_parameter_specification, $.parameter_specification))),
      )),
      ')',
      'as',
      field('return_type', $._type),
    ),

    parameter_specification: $ => seq(
      field('name', $._name),
      'as',
      field('type', $._type),
    ),

    _optional_parameter_specification: $ => seq(
      field('optional', 'optional'),
      field('name', $._name),
      'as',
      field('type', $._type),
    ),

    // -- Literals -----------------------------------------------------------

    _literal: $ => choice(
      $.number_literal,
      $.text_literal,
      $.verbatim_literal,
      $.logical_literal,
      $.null_literal,
    ),

    number_literal: _ => token(choice(
      /0[xX][0-9a-fA-F]+/,
      /(\d+\.\d+|\.\d+|\d+)([eE][+-]?\d+)?/,
      '#infinity',
      '#nan',
    )),

    // `""` escapes a quote; `#(cr,lf)`-style escapes are checked after parsing.
    text_literal: _ => token(seq('"', repeat(choice(/[^"]/, '""')), '"')),

    // What Power Query writes for a formula it could not parse.
    verbatim_literal: _ => token(seq('#!"', repeat(choice(/[^"]/, '""')), '"')),

    logical_literal: _ => choice('true', 'false'),

    null_literal: _ => 'null',

    // -- Names --------------------------------------------------------------

    _name: $ => choice($.identifier, $.quoted_identifier),

    _missing: _ => '\uFFFF',

    _field_name: $ => choice($.generalized_identifier, $.quoted_identifier),

    identifier: _ => token(new RegExp(`${START}${PART}*(\\.${PART}+)*`, 'u')),

    quoted_identifier: _ => token(seq('#"', repeat(choice(/[^"]/, '""')), '"')),

    comment: _ => token(choice(
      seq('//', /[^\r\n\u0085\u2028\u2029]*/),
      seq('/*', /[^*]*\*+([^/*][^*]*\*+)*/, '/'),
    )),
  },
});

/**
 * One or more `rule`s separated by commas.
 * @param {RuleOrLiteral} rule
 * @returns {SeqRule}
 */
function commaSep1(rule) {
  return seq(rule, repeat(seq(',', rule)));
}

/**
 * Zero or more `rule`s separated by commas.
 * @param {RuleOrLiteral} rule
 * @returns {ChoiceRule}
 */
function commaSep(rule) {
  return optional(commaSep1(rule));
}
