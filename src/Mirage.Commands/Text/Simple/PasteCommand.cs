using Mirage.Commands.Common;
using Mirage.Commands.Text.Shared;

namespace Mirage.Commands.Text.Simple;

/// <summary>coreutils paste: lines of the files side by side (or each file on one line with -s), delimiters cycled from -d.</summary>
public sealed class PasteCommand : GnuCommand
{
    private static readonly ArgParser OptionParser = new("d:sz", "delimiters=d", "serial=s", "zero-terminated=z", "help", "version");

    public PasteCommand()
        : base("paste")
    {
    }

    protected override ArgParser Parser => OptionParser;

    protected override string Authors => "David M. Ihnat and David MacKenzie";

    protected override async ValueTask<int> ExecuteAsync(CommandIO io, ParsedArguments arguments)
    {
        var delimiters = ParseDelimiters(Latin1.FromArgument(arguments.Last("d") ?? "\t"), out var error);
        if (delimiters is null)
        {
            await io.ErrorAsync(error!).ConfigureAwait(false);
            return 1;
        }
        var lineEnd = arguments.Has("z") ? (byte)0 : (byte)'\n';
        var files = arguments.Operands.Count == 0 ? ["-"] : arguments.Operands.ToList();
        var streams = new List<Stream?>();
        try
        {
            foreach (var file in files)
            {
                var stream = file == "-" && streams.Count > 0 && files.Take(streams.Count).Contains("-")
                    ? streams[files.IndexOf("-")]
                    : await TextInput.OpenAsync(io, file).ConfigureAwait(false);
                if (stream is null) return 1;
                streams.Add(stream);
            }
            var readers = new Dictionary<Stream, LineReader>();
            LineReader ReaderFor(Stream stream)
            {
                if (!readers.TryGetValue(stream, out var reader)) readers[stream] = reader = new LineReader(stream, io.CancellationToken, lineEnd);
                return reader;
            }
            if (arguments.Has("s"))
            {
                foreach (var stream in streams)
                {
                    var reader = ReaderFor(stream!);
                    var index = 0;
                    var first = true;
                    while (await reader.ReadLineAsync().ConfigureAwait(false) is { } line)
                    {
                        if (!first && delimiters[index % delimiters.Count] is { } d) await io.Out.WriteAsync(d).ConfigureAwait(false);
                        if (!first) index++;
                        first = false;
                        await io.Out.WriteAsync(TextInput.Trim(line, lineEnd).Content).ConfigureAwait(false);
                    }
                    await io.Out.WriteAsync(lineEnd).ConfigureAwait(false);
                }
                return 0;
            }
            var done = new bool[streams.Count];
            while (true)
            {
                var pieces = new List<byte[]?>();
                var any = false;
                for (var i = 0; i < streams.Count; i++)
                {
                    byte[]? content = null;
                    if (!done[i])
                    {
                        var line = await ReaderFor(streams[i]!).ReadLineAsync().ConfigureAwait(false);
                        if (line is { } memory)
                        {
                            content = TextInput.Trim(memory, lineEnd).Content.ToArray();
                            any = true;
                        }
                        else
                        {
                            done[i] = true;
                        }
                    }
                    pieces.Add(content);
                }
                if (!any) break;
                for (var i = 0; i < pieces.Count; i++)
                {
                    if (i > 0 && delimiters[(i - 1) % delimiters.Count] is { } d) await io.Out.WriteAsync(d).ConfigureAwait(false);
                    if (pieces[i] is { } content) await io.Out.WriteAsync(content).ConfigureAwait(false);
                }
                await io.Out.WriteAsync(lineEnd).ConfigureAwait(false);
            }
            return 0;
        }
        finally
        {
            foreach (var stream in streams.Distinct())
                if (stream is not null) await stream.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>The -d list: each char a delimiter, "\0" an empty one, \n \t \\ escapes.</summary>
    private static List<byte?>? ParseDelimiters(string text, out string? error)
    {
        error = null;
        var result = new List<byte?>();
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '\\')
            {
                result.Add((byte)text[i]);
                continue;
            }
            if (i + 1 >= text.Length)
            {
                error = "delimiter list ends with an unescaped backslash: " + Quoting.ShellIfNeeded(text);
                return null;
            }
            var c = text[++i];
            result.Add(c switch
            {
                '0' => null,
                'n' => (byte)'\n',
                't' => (byte)'\t',
                'b' => (byte)'\b',
                'f' => (byte)'\f',
                'r' => (byte)'\r',
                'v' => (byte)'\v',
                _ => (byte)c,
            });
        }
        if (result.Count == 0) result.Add(null);
        return result;
    }
}
