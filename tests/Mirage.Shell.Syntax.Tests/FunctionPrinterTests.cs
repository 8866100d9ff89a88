using System.Diagnostics;
using Mirage.Shell.Syntax.Ast;

namespace Mirage.Shell.Syntax.Tests;

public sealed class FunctionPrinterTests
{
    public static TheoryData<string> Functions => new(
    [
        "f() { echo a; }",
        "f() { echo \"$1\" 'two' $3; return 0; }",
        "f() { a=1 b=2 cmd \"x y\" ${v:-d} \"$(ls -l | wc -l)\" $((1+2)) >out 2>&1 <in; }",
        "f() { a 2>f &>g >|h 3<>i 3<&0 >&2 4>&- >>j 2>>k &>>l <in; }",
        "f() { a && b || ! c; x | y |& z; }",
        "f() { sleep 1 & wait; }",
        "f() { until false; do :; done; }",
        "f() { for ((i=0;i<3;i++)); do echo $i; done; }",
        "f() { for x; do echo; done; }",
        "f() { for x in 1 2; do echo $x; done | cat > /dev/null; }",
        "f() { select s in a b; do break; done; }",
        "f() { if a; then b; elif c; then d; fi; }",
        "f() { if a; then :; elif b; then :; elif c; then x; else y; fi; }",
        "f() { if a; then :; else b; c; fi; }",
        "f() { while a; b; do c; done; }",
        "f() { [[ ! -f x || ( a < b ) ]]; [[ $x == y* && -n $z ]]; }",
        "f() { ((x=1)); (( i++ )); }",
        "f() { g() { echo inner; }; function h { echo; }; }",
        "f() { arr=(1 2 [5]=x); declare -a q=(a b); local z=3; }",
        "f() { case $1 in a) ;; b) x ;& c) y; z ;;& esac; }",
        "f() { case x in a|b) echo;; *) : ;; esac; }",
        "f() { { a; b; } 2>&1; { a; } | b; }",
        "f() { ( sub ); (a; b) > f; }",
        "f() { diff <(a) >(b); exec {fd}>x; cmd <<< \"str\"; }",
        "f() {\n  cat <<EOF\nhi $x\nEOF\n  echo after\n}",
        "f() {\n  cat <<-EOF\n\ttabbed\n\tEOF\n  cat <<'Q'\nlit $x\nQ\n}",
        "f() ( sub; two )",
        "f() if a; then b; fi",
        "f() { echo $'a\\tb'; time -p a | b; }",
    ]);

    [Theory]
    [MemberData(nameof(Functions))]
    public void Functions_print_as_bash_declare_f_prints_them(string source)
    {
        var expected = BashDeclareF(source);
        var function = Assert.IsType<FunctionDefinition>(Parser.Parse(source).Statements[0].List.First.Stages[0].Command);

        Assert.Equal(expected, Printer.PrintFunction(function) + "\n");
    }

    [Theory]
    [MemberData(nameof(Functions))]
    public void Printed_functions_parse_back(string source)
    {
        var function = (FunctionDefinition)Parser.Parse(source).Statements[0].List.First.Stages[0].Command;

        var reparsed = Parser.Parse(Printer.PrintFunction(function));

        Assert.IsType<FunctionDefinition>(Assert.Single(reparsed.Statements).List.First.Stages[0].Command);
    }

    private static string BashDeclareF(string source)
    {
        var start = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(source + "\ndeclare -f f");
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return output;
    }
}
