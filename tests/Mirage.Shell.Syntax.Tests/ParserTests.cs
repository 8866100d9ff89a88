using Mirage.Shell.Syntax.Ast;

namespace Mirage.Shell.Syntax.Tests;

public sealed class ParserTests
{
    private static Command Only(string source)
    {
        var script = Parser.Parse(source);
        var statement = Assert.Single(script.Statements);
        Assert.Empty(statement.List.Rest);
        return Assert.Single(statement.List.First.Stages).Command;
    }

    private static SimpleCommand Simple(string source) => Assert.IsType<SimpleCommand>(Only(source));

    private static Word WordOf(string source) => Simple("echo " + source).Words[1];

    private static ParameterExpansion ParameterOf(string source) =>
        Assert.IsType<ParameterPart>(Assert.Single(WordOf(source).Parts)).Expansion;

    [Fact]
    public void Words_keep_their_quoting_part_by_part()
    {
        var word = WordOf("a'b c'\"d $e\"\\*");

        Assert.Equal(
            [
                new LiteralPart("a"),
                new QuotedLiteralPart("b c"),
                new DoubleQuotedPart(SyntaxList.Of<WordPart>(new LiteralPart("d "), new ParameterPart(new ParameterExpansion("e", Braced: false)))),
                new QuotedLiteralPart("*"),
            ],
            word.Parts);
    }

    [Fact]
    public void Adjacent_quoted_text_merges_into_one_part()
    {
        Assert.Equal([new QuotedLiteralPart("it's")], WordOf("'it'\\''s'").Parts);
    }

    [Fact]
    public void Ansi_c_strings_are_decoded_when_parsed()
    {
        Assert.Equal([new QuotedLiteralPart("A\n\u00e9\t'\u0001A")], WordOf("$'\\x41\\n\\u00e9\\t\\'\\cA\\101'").Parts);
    }

    [Fact]
    public void Backslashes_in_double_quotes_escape_only_the_special_characters()
    {
        var quoted = Assert.IsType<DoubleQuotedPart>(Assert.Single(WordOf("\"\\$ \\\" \\\\ \\a\"").Parts));

        Assert.Equal([new LiteralPart("$ \" \\ \\a")], quoted.Parts);
    }

    [Fact]
    public void Line_continuations_disappear()
    {
        Assert.Equal(["echo", "ab"], Simple("echo a\\\nb").Words.Select(w => w.UnquotedText));
    }

    [Fact]
    public void A_hash_starts_a_comment_only_at_the_start_of_a_word()
    {
        Assert.Equal(["echo", "a#b"], Simple("echo a#b # comment").Words.Select(w => w.UnquotedText));
    }

    [Fact]
    public void Reserved_words_are_plain_arguments_after_the_command_name()
    {
        Assert.Equal(["echo", "if", "then", "}", "{"], Simple("echo if then } {").Words.Select(w => w.UnquotedText));
    }

    [Fact]
    public void Assignments_before_the_command_name_are_assignments_and_after_it_words()
    {
        var command = Simple("a=1 b+=2 c[i+1]=3 cmd x=y");

        Assert.Equal(["a", "b", "c"], command.Assignments.Select(a => a.Name));
        Assert.False(command.Assignments[0].Append);
        Assert.True(command.Assignments[1].Append);
        Assert.Equal("i+1", command.Assignments[2].Index!.UnquotedText);
        Assert.Equal("3", command.Assignments[2].Value!.UnquotedText);
        Assert.Equal(["cmd", "x=y"], command.Words.Select(w => w.UnquotedText));
    }

    [Fact]
    public void Compound_array_assignments_keep_keys_and_values()
    {
        var assignment = Assert.Single(Simple("m=(one [k]=v [n]+=w \"two words\")").Assignments);

        Assert.Null(assignment.Value);
        var elements = assignment.ArrayValue!;
        Assert.Equal(4, elements.Count);
        Assert.Null(elements[0].Key);
        Assert.Equal("one", elements[0].Value.UnquotedText);
        Assert.Equal("k", elements[1].Key!.UnquotedText);
        Assert.True(elements[2].AppendToKey);
        Assert.IsType<DoubleQuotedPart>(Assert.Single(elements[3].Value.Parts));
    }

    [Fact]
    public void Declaration_commands_take_assignments_as_arguments()
    {
        var command = Simple("declare -a x=(1 2) y=$z plain");

        Assert.Empty(command.Assignments);
        Assert.Equal("-a", command.Words[1].UnquotedText);
        var array = Assert.IsType<AssignmentPart>(Assert.Single(command.Words[2].Parts)).Assignment;
        Assert.Equal("x", array.Name);
        Assert.Equal(2, array.ArrayValue!.Count);
        var scalar = Assert.IsType<AssignmentPart>(Assert.Single(command.Words[3].Parts)).Assignment;
        Assert.IsType<ParameterPart>(Assert.Single(scalar.Value!.Parts));
        Assert.Equal("plain", command.Words[4].UnquotedText);
    }

    [Fact]
    public void Pipelines_record_negation_time_and_stderr_pipes()
    {
        var pipeline = Parser.Parse("time -p ! a | b |& c").Statements[0].List.First;

        Assert.True(pipeline.Timed);
        Assert.True(pipeline.TimePosixFormat);
        Assert.True(pipeline.Negated);
        Assert.Equal([false, true, false], pipeline.Stages.Select(s => s.PipeStderr));
    }

    [Fact]
    public void And_or_lists_and_background_statements()
    {
        var script = Parser.Parse("a && b || c & d");

        Assert.Equal(2, script.Statements.Count);
        Assert.True(script.Statements[0].Background);
        Assert.False(script.Statements[1].Background);
        Assert.Equal([AndOrOperator.And, AndOrOperator.Or], script.Statements[0].List.Rest.Select(r => r.Operator));
    }

    [Fact]
    public void Redirections_keep_descriptor_operator_and_target()
    {
        var redirections = Simple("cmd 2>&1 >out <in 3<&- &>>all {fd}>f 10<>rw >|clobber <<<\"str\"").Redirections;

        Assert.Equal(
            [
                (2, RedirectionOperator.DuplicateOutput, "1"),
                (null, RedirectionOperator.Output, "out"),
                (null, RedirectionOperator.Input, "in"),
                (3, RedirectionOperator.DuplicateInput, "-"),
                (null, RedirectionOperator.AppendOutputAndError, "all"),
                (null, RedirectionOperator.Output, "f"),
                (10, RedirectionOperator.ReadWrite, "rw"),
                (null, RedirectionOperator.Clobber, "clobber"),
                (null, RedirectionOperator.HereString, "str"),
            ],
            redirections.Select(r => (r.Fd, r.Operator, r.Target.TryGetStaticText())));
        Assert.Equal("fd", redirections[5].FdVariable);
        Assert.Equal(0, redirections[2].DefaultFd);
        Assert.Equal(1, redirections[1].DefaultFd);
    }

    [Fact]
    public void Redirections_may_come_before_and_between_words()
    {
        var command = Simple(">out echo a 2>err b");

        Assert.Equal(["echo", "a", "b"], command.Words.Select(w => w.UnquotedText));
        Assert.Equal(2, command.Redirections.Count);
    }

    [Fact]
    public void Unquoted_here_document_bodies_hold_expansions()
    {
        var redirection = Assert.Single(Simple("cat <<EOF\nhi $USER \"q\" \\$x\nEOF").Redirections);

        var document = redirection.HereDocument!;
        Assert.Equal("EOF", document.Delimiter);
        Assert.False(document.Quoted);
        Assert.Equal(
            [new LiteralPart("hi "), new ParameterPart(new ParameterExpansion("USER", Braced: false)), new LiteralPart(" \"q\" $x\n")],
            document.Body.Parts);
    }

    [Fact]
    public void Quoted_here_document_delimiters_keep_the_body_literal()
    {
        var document = Simple("cat <<'EOF'\n$x `y`\nEOF").Redirections[0].HereDocument!;

        Assert.True(document.Quoted);
        Assert.Equal([new QuotedLiteralPart("$x `y`\n")], document.Body.Parts);
    }

    [Fact]
    public void Dash_here_documents_strip_leading_tabs()
    {
        var document = Simple("cat <<-END\n\t\tindented\n\tEND").Redirections[0].HereDocument!;

        Assert.True(document.StripTabs);
        Assert.Equal("indented\n", document.Body.TryGetStaticText());
    }

    [Fact]
    public void Several_here_documents_on_one_line_read_their_bodies_in_order()
    {
        var script = Parser.Parse("cat <<A | cat - <<B && echo done\na body\nA\nb body\nB\necho next");

        Assert.Equal(2, script.Statements.Count);
        var stages = script.Statements[0].List.First.Stages;
        Assert.Equal("a body\n", ((SimpleCommand)stages[0].Command).Redirections[0].HereDocument!.Body.TryGetStaticText());
        Assert.Equal("b body\n", ((SimpleCommand)stages[1].Command).Redirections[0].HereDocument!.Body.TryGetStaticText());
        Assert.Equal(6, script.Statements[1].Line);
    }

    [Fact]
    public void A_here_document_without_its_delimiter_ends_at_the_end_of_input()
    {
        Assert.Equal("x\n", Simple("cat <<EOF\nx").Redirections[0].HereDocument!.Body.TryGetStaticText());
    }

    [Theory]
    [InlineData("${x:-d}", ParameterOperator.DefaultIfUnsetOrEmpty, "d", null)]
    [InlineData("${x-d}", ParameterOperator.DefaultIfUnset, "d", null)]
    [InlineData("${x:=d}", ParameterOperator.AssignIfUnsetOrEmpty, "d", null)]
    [InlineData("${x=d}", ParameterOperator.AssignIfUnset, "d", null)]
    [InlineData("${x:?m}", ParameterOperator.ErrorIfUnsetOrEmpty, "m", null)]
    [InlineData("${x?m}", ParameterOperator.ErrorIfUnset, "m", null)]
    [InlineData("${x:+a}", ParameterOperator.AlternativeIfSetAndNotEmpty, "a", null)]
    [InlineData("${x+a}", ParameterOperator.AlternativeIfSet, "a", null)]
    [InlineData("${x#p*}", ParameterOperator.RemoveShortestPrefix, "p*", null)]
    [InlineData("${x##p*}", ParameterOperator.RemoveLongestPrefix, "p*", null)]
    [InlineData("${x%.*}", ParameterOperator.RemoveShortestSuffix, ".*", null)]
    [InlineData("${x%%.*}", ParameterOperator.RemoveLongestSuffix, ".*", null)]
    [InlineData("${x/a b/c d}", ParameterOperator.ReplaceFirst, "a b", "c d")]
    [InlineData("${x//a/}", ParameterOperator.ReplaceAll, "a", "")]
    [InlineData("${x//a}", ParameterOperator.ReplaceAll, "a", null)]
    [InlineData("${x/#a/b}", ParameterOperator.ReplacePrefix, "a", "b")]
    [InlineData("${x/%a/b}", ParameterOperator.ReplaceSuffix, "a", "b")]
    [InlineData("${x^}", ParameterOperator.UpperFirst, "", null)]
    [InlineData("${x^^[ab]}", ParameterOperator.UpperAll, "[ab]", null)]
    [InlineData("${x,}", ParameterOperator.LowerFirst, "", null)]
    [InlineData("${x,,}", ParameterOperator.LowerAll, "", null)]
    [InlineData("${x:1}", ParameterOperator.Substring, "1", null)]
    [InlineData("${x:1:2}", ParameterOperator.Substring, "1", "2")]
    [InlineData("${x: -3:n+1}", ParameterOperator.Substring, " -3", "n+1")]
    [InlineData("${#x}", ParameterOperator.Length, null, null)]
    public void Parameter_operators_and_their_words(string source, ParameterOperator op, string? argument, string? replacement)
    {
        var expansion = ParameterOf(source);

        Assert.Equal("x", expansion.Name);
        Assert.Equal(op, expansion.Operator);
        Assert.Equal(argument, expansion.Argument?.TryGetStaticText());
        Assert.Equal(replacement, expansion.Replacement?.TryGetStaticText());
    }

    [Theory]
    [InlineData("$1", "1")]
    [InlineData("$10", "1")]
    [InlineData("${10}", "10")]
    [InlineData("$#", "#")]
    [InlineData("${#}", "#")]
    [InlineData("$?", "?")]
    [InlineData("$$", "$")]
    [InlineData("$!", "!")]
    [InlineData("$-", "-")]
    [InlineData("$@", "@")]
    [InlineData("${*}", "*")]
    [InlineData("$_x", "_x")]
    public void Special_and_positional_parameters(string source, string name)
    {
        Assert.Equal(name, Assert.IsType<ParameterPart>(WordOf(source).Parts[0]).Expansion.Name);
    }

    [Fact]
    public void Subscripts_distinguish_elements_from_all_elements()
    {
        var element = ParameterOf("${a[i+1]}");
        Assert.Equal(IndexKind.Element, element.IndexKind);
        Assert.Equal("i+1", element.Index!.UnquotedText);

        Assert.Equal(IndexKind.AllWords, ParameterOf("${a[@]}").IndexKind);
        Assert.Equal(IndexKind.AllJoined, ParameterOf("${a[*]}").IndexKind);
        Assert.Equal((ParameterOperator.Length, IndexKind.AllWords), (ParameterOf("${#a[@]}").Operator, ParameterOf("${#a[@]}").IndexKind));
        var keyed = ParameterOf("${m[$k]}");
        Assert.IsType<ParameterPart>(Assert.Single(keyed.Index!.Parts));
    }

    [Fact]
    public void Bang_forms_are_indirection_name_prefixes_or_keys()
    {
        var indirect = ParameterOf("${!ref:-d}");
        Assert.True(indirect.Indirect);
        Assert.Equal(ParameterOperator.DefaultIfUnsetOrEmpty, indirect.Operator);

        var prefix = ParameterOf("${!BASH*}");
        Assert.Equal((ParameterOperator.NamesWithPrefix, "BASH", IndexKind.AllJoined), (prefix.Operator, prefix.Name, prefix.IndexKind));

        var keys = ParameterOf("${!arr[@]}");
        Assert.Equal((ParameterOperator.Keys, "arr", IndexKind.AllWords), (keys.Operator, keys.Name, keys.IndexKind));

        Assert.Equal("!", ParameterOf("${!}").Name);
    }

    [Fact]
    public void Bare_braces_do_not_nest_inside_parameter_expansions()
    {
        var word = WordOf("${x:-{a}}");

        var expansion = Assert.IsType<ParameterPart>(word.Parts[0]).Expansion;
        Assert.Equal("{a", expansion.Argument!.UnquotedText);
        Assert.Equal(new LiteralPart("}"), word.Parts[1]);
    }

    [Fact]
    public void Transformations_keep_their_letter()
    {
        var expansion = ParameterOf("${x@Q}");

        Assert.Equal((ParameterOperator.Transform, 'Q'), (expansion.Operator, expansion.Transform));
    }

    [Fact]
    public void Single_quotes_stay_literal_in_default_operators_inside_double_quotes()
    {
        var quoted = Assert.IsType<DoubleQuotedPart>(Assert.Single(WordOf("\"${x:-'a'}\"").Parts));
        var inQuotes = Assert.IsType<ParameterPart>(Assert.Single(quoted.Parts)).Expansion;
        Assert.Equal([new LiteralPart("'a'")], inQuotes.Argument!.Parts);

        var bare = ParameterOf("${x:-'a'}");
        Assert.Equal([new QuotedLiteralPart("a")], bare.Argument!.Parts);
    }

    [Theory]
    [InlineData("${}")]
    [InlineData("${a.b}")]
    [InlineData("${x!}")]
    public void Bad_substitutions_parse_and_fail_later(string source)
    {
        Assert.Equal(new BadSubstitutionPart(source), Assert.Single(WordOf(source).Parts));
    }

    [Fact]
    public void Command_substitutions_hold_parsed_scripts()
    {
        var word = WordOf("$(echo a; echo \"$(date)\")`ls`");

        var modern = Assert.IsType<CommandSubstitutionPart>(word.Parts[0]);
        Assert.False(modern.Backquoted);
        Assert.Equal(2, modern.Body.Statements.Count);
        var backquoted = Assert.IsType<CommandSubstitutionPart>(word.Parts[1]);
        Assert.True(backquoted.Backquoted);
        Assert.Equal("ls", ((SimpleCommand)backquoted.Body.Statements[0].List.First.Stages[0].Command).Words[0].UnquotedText);
    }

    [Fact]
    public void A_case_inside_a_command_substitution_keeps_its_parentheses()
    {
        var substitution = Assert.IsType<CommandSubstitutionPart>(Assert.Single(WordOf("$(case x in x) echo y;; esac)").Parts));

        Assert.IsType<CaseCommand>(substitution.Body.Statements[0].List.First.Stages[0].Command);
    }

    [Fact]
    public void Arithmetic_expansion_keeps_its_expression_as_a_word()
    {
        var arithmetic = Assert.IsType<ArithmeticPart>(Assert.Single(WordOf("$(( 1 + $x * (2) ))").Parts));

        Assert.Equal(
            [new LiteralPart(" 1 + "), new ParameterPart(new ParameterExpansion("x", Braced: false)), new LiteralPart(" * (2) ")],
            arithmetic.Expression.Parts);
    }

    [Fact]
    public void Obsolete_dollar_bracket_is_arithmetic()
    {
        var arithmetic = Assert.IsType<ArithmeticPart>(Assert.Single(WordOf("$[1+a[2]]").Parts));

        Assert.Equal("1+a[2]", arithmetic.Expression.UnquotedText);
    }

    [Fact]
    public void Dollar_double_parenthesis_that_is_not_arithmetic_is_a_nested_subshell()
    {
        var substitution = Assert.IsType<CommandSubstitutionPart>(Assert.Single(WordOf("$((echo a); echo b)").Parts));

        Assert.IsType<Subshell>(substitution.Body.Statements[0].List.First.Stages[0].Command);
        Assert.Equal(2, substitution.Body.Statements.Count);
    }

    [Fact]
    public void Process_substitutions_know_their_direction()
    {
        var command = Simple("diff <(sort a) >(wc -l)");

        Assert.False(Assert.IsType<ProcessSubstitutionPart>(Assert.Single(command.Words[1].Parts)).Output);
        Assert.True(Assert.IsType<ProcessSubstitutionPart>(Assert.Single(command.Words[2].Parts)).Output);
    }

    [Fact]
    public void Extended_glob_patterns_stay_one_unquoted_word()
    {
        Assert.Equal("@(a|b)*.txt", WordOf("@(a|b)*.txt").UnquotedText);
        Assert.Equal("!(x y)", WordOf("!(x y)").UnquotedText);
    }

    [Fact]
    public void If_with_elif_and_else()
    {
        var command = Assert.IsType<IfCommand>(Only("if a; then b; elif c; then d; e; else f; fi > out"));

        Assert.Equal(2, command.Clauses.Count);
        Assert.Equal(2, command.Clauses[1].Body.Count);
        Assert.Single(command.Else!);
        Assert.Single(command.Redirections);
    }

    [Fact]
    public void Loops()
    {
        var forIn = Assert.IsType<ForCommand>(Only("for x in a \"b c\"; do echo $x; done"));
        Assert.Equal("x", forIn.Variable);
        Assert.Equal(2, forIn.Items!.Count);

        Assert.Null(Assert.IsType<ForCommand>(Only("for x; do :; done")).Items);
        Assert.Null(Assert.IsType<ForCommand>(Only("for x\ndo :; done")).Items);
        Assert.True(Assert.IsType<WhileCommand>(Only("until false; do :; done")).Until);

        var arithmetic = Assert.IsType<ArithmeticForCommand>(Only("for ((i=0; i<3; i++)); do :; done"));
        Assert.Equal(["i=0", " i<3", " i++"], new[] { arithmetic.Initializer, arithmetic.Condition, arithmetic.Update }.Select(w => w!.UnquotedText));
        var endless = Assert.IsType<ArithmeticForCommand>(Only("for ((;;)); do break; done"));
        Assert.Null(endless.Condition);
    }

    [Fact]
    public void Case_items_keep_patterns_and_terminators()
    {
        var command = Assert.IsType<CaseCommand>(Only("case $1 in (a|b) x;; c) ;& *.txt) y ;;& *) esac"));

        Assert.Equal([2, 1, 1, 1], command.Items.Select(i => i.Patterns.Count));
        Assert.Equal(
            [CaseTerminator.Break, CaseTerminator.FallThrough, CaseTerminator.ContinueMatching, CaseTerminator.Break],
            command.Items.Select(i => i.Terminator));
        Assert.Empty(command.Items[1].Body);
    }

    [Fact]
    public void Function_definitions_in_every_spelling()
    {
        var plain = Assert.IsType<FunctionDefinition>(Only("f() { echo; } 2>/dev/null"));
        Assert.Equal("f", plain.Name);
        Assert.False(plain.FunctionKeyword);
        Assert.Single(Assert.IsType<BraceGroup>(plain.Body).Redirections);

        Assert.True(Assert.IsType<FunctionDefinition>(Only("function g { :; }")).FunctionKeyword);
        Assert.IsType<Subshell>(Assert.IsType<FunctionDefinition>(Only("function h ( : )")).Body);
        Assert.IsType<IfCommand>(Assert.IsType<FunctionDefinition>(Only("k() if true; then :; fi")).Body);
        Assert.Equal("my-func.x", Assert.IsType<FunctionDefinition>(Only("my-func.x () {\n :\n}")).Name);
    }

    [Fact]
    public void Double_parentheses_are_arithmetic_unless_they_nest_subshells()
    {
        Assert.Equal(" x = 1 + 2 ", Assert.IsType<ArithmeticCommand>(Only("(( x = 1 + 2 ))")).Expression.UnquotedText);
        Assert.IsType<Subshell>(Assert.Single(Assert.IsType<Subshell>(Only("((echo a); echo b)")).Body.Take(1)).List.First.Stages[0].Command);
    }

    [Fact]
    public void Conditional_expressions_have_precedence_and_grouping()
    {
        var command = Assert.IsType<ConditionalCommand>(Only("[[ -f x && ( $a == b* || ! $s =~ ^(x|y)$ ) ]]"));

        var and = Assert.IsType<ConditionalAnd>(command.Expression);
        Assert.Equal(new ConditionalUnary("-f", Word.Literal("x")), and.Left);
        var or = Assert.IsType<ConditionalOr>(Assert.IsType<ConditionalGroup>(and.Right).Inner);
        var pattern = Assert.IsType<ConditionalBinary>(or.Left);
        Assert.Equal(("==", "b*"), (pattern.Operator, pattern.Right.UnquotedText));
        var regex = Assert.IsType<ConditionalBinary>(Assert.IsType<ConditionalNot>(or.Right).Operand);
        Assert.Equal(("=~", "^(x|y)$"), (regex.Operator, regex.Right.UnquotedText));
    }

    [Fact]
    public void Conditional_string_comparisons_use_angle_brackets()
    {
        var command = Assert.IsType<ConditionalCommand>(Only("[[ a < b ]]"));

        Assert.Equal("<", Assert.IsType<ConditionalBinary>(command.Expression).Operator);
        Assert.IsType<ConditionalWord>(Assert.IsType<ConditionalCommand>(Only("[[ $x ]]")).Expression);
    }

    [Fact]
    public void Commands_know_their_lines()
    {
        var script = Parser.Parse("echo 1\n\nf() {\n  echo 3\n}\nif x\nthen\n  y\nfi");

        Assert.Equal([1, 3, 6], script.Statements.Select(s => s.Line));
        var function = (FunctionDefinition)script.Statements[1].List.First.Stages[0].Command;
        Assert.Equal(4, ((BraceGroup)function.Body).Body[0].Line);
        var ifCommand = (IfCommand)script.Statements[2].List.First.Stages[0].Command;
        Assert.Equal(8, ifCommand.Clauses[0].Body[0].List.First.Stages[0].Command.Line);
    }

    [Fact]
    public void Empty_and_comment_only_scripts_have_no_statements()
    {
        Assert.Empty(Parser.Parse("").Statements);
        Assert.Empty(Parser.Parse("\n  # nothing\n\n").Statements);
    }

    [Fact]
    public void Deep_nesting_fails_with_a_parse_error_instead_of_crashing()
    {
        var deep = string.Concat(Enumerable.Repeat("$(", 5000)) + string.Concat(Enumerable.Repeat(")", 5000));

        Assert.Throws<ParseException>(() => Parser.Parse("echo " + deep));
    }

    [Fact]
    public void Scripts_can_be_read_one_command_line_at_a_time()
    {
        var lines = Parser.ParseLines("a; b &\n\nif x\nthen y\nfi; c\ncat <<E\nbody\nE\nlast").ToList();

        Assert.Equal([2, 2, 1, 1], lines.Select(l => l.Statements.Count));
        Assert.Equal([1, 3, 6, 9], lines.Select(l => l.Statements[0].Line));
        Assert.Equal("body\n", ((SimpleCommand)lines[2].Statements[0].List.First.Stages[0].Command).Redirections[0].HereDocument!.Body.TryGetStaticText());
    }

    [Fact]
    public void Reading_line_by_line_returns_the_lines_before_a_syntax_error()
    {
        using var lines = Parser.ParseLines("echo a\necho b; fi\necho c").GetEnumerator();

        Assert.True(lines.MoveNext());
        var error = Assert.Throws<ParseException>(() => lines.MoveNext());
        Assert.Equal(2, error.Line);
    }

    [Fact]
    public void Line_by_line_and_whole_parsing_agree()
    {
        foreach (var source in Corpus.Valid)
        {
            var whole = Parser.Parse(source).Statements;
            var byLine = Parser.ParseLines(source).SelectMany(l => l.Statements).ToList();
            Assert.Equal(TreeDump.Dump(whole), TreeDump.Dump(byLine));
        }
    }

    [Fact]
    public void Deeply_nested_substitutions_in_command_position_parse_in_linear_work()
    {
        // Each level is a command name, an assignment and an argument: re-reading words per level would be exponential.
        var source = "x";
        for (var i = 0; i < 60; i++)
        {
            source = $"a=$({source}) $({source.Length % 7}) b";
        }

        var script = Parser.Parse(source);

        Assert.Single(script.Statements);
    }

    [Fact]
    public void Nested_double_parentheses_that_are_not_arithmetic_parse_in_reasonable_work()
    {
        var source = "a";
        for (var i = 0; i < 40; i++)
        {
            source = $"$((echo {source}); b)";
        }

        Assert.Single(Parser.Parse("echo " + source).Statements);
    }
}
