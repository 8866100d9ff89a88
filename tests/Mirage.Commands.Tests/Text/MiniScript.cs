using System.Text;

namespace Mirage.Commands.Tests.Text;

/// <summary>One stage of a pipeline: argv plus its redirections.</summary>
public sealed record Stage(IReadOnlyList<string> Argv, string? InputFile, string? HereDoc, string? OutputFile, bool AppendOutput, bool DiscardStderr, bool MergeStderr);

/// <summary>A pipeline and how it joins the next one (";", "&&", "||").</summary>
public sealed record Pipeline(IReadOnlyList<Stage> Stages, string Joiner);

/// <summary>
/// The small subset of bash that conformance scripts for text commands mostly use: quoted words, pipes,
/// "&lt; file", "&gt; file", "2&gt;/dev/null", "2&gt;&amp;1", here-documents without expansion, ";", "&amp;&amp;", "||"
/// and "echo $?". Anything else makes <see cref="TryParse"/> fail so the case is left to the full shell.
/// </summary>
public static class MiniScript
{
    public static bool TryParse(string script, out List<Pipeline> pipelines)
    {
        pipelines = [];
        var lines = script.Split('\n');
        var stages = new List<Stage>();
        for (var lineIndex = 0; lineIndex < lines.Length; lineIndex++)
        {
            var line = lines[lineIndex];
            if (line.Trim().Length == 0 || line.TrimStart().StartsWith('#')) continue;
            var words = new List<string>();
            string? input = null, hereDoc = null, output = null;
            bool append = false, discard = false, merge = false;
            string? hereDelimiter = null;
            var i = 0;
            while (true)
            {
                while (i < line.Length && line[i] is ' ' or '\t') i++;
                if (i >= line.Length || line[i] is '|' or ';' or '&')
                {
                    string joiner;
                    if (i >= line.Length) joiner = ";";
                    else if (line.AsSpan(i).StartsWith("&&")) joiner = "&&";
                    else if (line.AsSpan(i).StartsWith("||")) joiner = "||";
                    else if (line[i] == '|') joiner = "|";
                    else if (line[i] == ';') joiner = ";";
                    else return false;
                    if (words.Count == 0) return false;
                    if (hereDelimiter is not null)
                    {
                        var body = new StringBuilder();
                        lineIndex++;
                        while (lineIndex < lines.Length && lines[lineIndex] != hereDelimiter)
                        {
                            body.Append(lines[lineIndex]).Append('\n');
                            lineIndex++;
                        }
                        if (lineIndex >= lines.Length) return false;
                        hereDoc = body.ToString();
                        if (i < line.Length && joiner != "|") return false;
                    }
                    stages.Add(new Stage(words, input, hereDoc, output, append, discard, merge));
                    words = [];
                    input = hereDoc = output = null;
                    append = discard = merge = false;
                    if (joiner != "|")
                    {
                        pipelines.Add(new Pipeline(stages, joiner));
                        stages = [];
                    }
                    if (i >= line.Length) break;
                    i += joiner.Length;
                    if (hereDelimiter is not null) return false;
                    continue;
                }
                if (line.AsSpan(i).StartsWith("2>/dev/null")) { discard = true; i += 11; continue; }
                if (line.AsSpan(i).StartsWith("2>&1")) { merge = true; i += 4; continue; }
                if (line.AsSpan(i).StartsWith("<<")) {
                    i += 2;
                    if (i < line.Length && line[i] == '-') return false;
                    while (i < line.Length && line[i] == ' ') i++;
                    if (!ReadWord(line, ref i, out var delimiter, out _)) return false;
                    hereDelimiter = delimiter;
                    continue;
                }
                if (line[i] == '<' || line[i] == '>')
                {
                    var isInput = line[i] == '<';
                    i++;
                    if (!isInput && i < line.Length && line[i] == '>') { append = true; i++; }
                    while (i < line.Length && line[i] == ' ') i++;
                    if (!ReadWord(line, ref i, out var target, out _)) return false;
                    if (isInput) input = target;
                    else output = target;
                    continue;
                }
                if (line[i] is '(' or ')' or '`' or '{' or '}') return false;
                if (!ReadWord(line, ref i, out var word, out var expandable)) return false;
                if (expandable && word == "$?") { words.Add("\u0001status"); continue; }
                if (expandable) return false;
                if (words.Count == 0 && (word.Contains('=') || word is "for" or "if" or "while" or "cd" or "export" or "set")) return false;
                words.Add(word);
            }
            if (stages.Count > 0) return false;
        }
        return pipelines.Count > 0;
    }

    /// <summary>Reads one word; <paramref name="expandable"/> is set when it holds unquoted or double-quoted expansions or globs.</summary>
    private static bool ReadWord(string line, ref int i, out string word, out bool expandable)
    {
        var builder = new StringBuilder();
        expandable = false;
        word = "";
        var any = false;
        while (i < line.Length && line[i] is not (' ' or '\t' or '|' or ';' or '&' or '<' or '>' or '(' or ')'))
        {
            any = true;
            var c = line[i];
            if (c == '\'')
            {
                var end = line.IndexOf('\'', i + 1);
                if (end < 0) return false;
                builder.Append(line, i + 1, end - i - 1);
                i = end + 1;
            }
            else if (c == '$' && i + 1 < line.Length && line[i + 1] == '\'')
            {
                i += 2;
                while (i < line.Length && line[i] != '\'')
                {
                    if (line[i] == '\\' && i + 1 < line.Length)
                    {
                        var e = line[i + 1];
                        i += 2;
                        switch (e)
                        {
                            case 'n': builder.Append('\n'); break;
                            case 't': builder.Append('\t'); break;
                            case '\\': builder.Append('\\'); break;
                            case '\'': builder.Append('\''); break;
                            case '0': builder.Append('\0'); break;
                            default: return false;
                        }
                        continue;
                    }
                    builder.Append(line[i]);
                    i++;
                }
                if (i >= line.Length) return false;
                i++;
            }
            else if (c == '"')
            {
                i++;
                while (i < line.Length && line[i] != '"')
                {
                    if (line[i] == '\\' && i + 1 < line.Length && line[i + 1] is '"' or '\\' or '$' or '`')
                    {
                        builder.Append(line[i + 1]);
                        i += 2;
                        continue;
                    }
                    if (line[i] is '$' or '`' or '!') expandable = true;
                    builder.Append(line[i]);
                    i++;
                }
                if (i >= line.Length) return false;
                i++;
            }
            else if (c == '\\' && i + 1 < line.Length)
            {
                builder.Append(line[i + 1]);
                i += 2;
            }
            else
            {
                if (c is '$' or '*' or '?' or '[' or '~' or '`' or '!' or '{') expandable = true;
                builder.Append(c);
                i++;
            }
        }
        word = builder.ToString();
        return any;
    }
}
