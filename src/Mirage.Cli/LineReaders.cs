using RadLine;
using Spectre.Console;

namespace Mirage.Cli;

/// <summary>Where the interactive prompt gets its lines: a line editor on a terminal, plain lines otherwise.</summary>
internal interface ILineReader
{
    /// <summary>The next line, or null at the end of input. Cancelling the token abandons the line being typed.</summary>
    Task<string?> ReadLineAsync(string prompt, CancellationToken cancellationToken);

    static ILineReader Create(string historyFile)
    {
        if (Console.IsInputRedirected || Console.IsErrorRedirected) return new PlainLineReader();
        var terminal = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        return LineEditor.IsSupported(terminal) ? new EditingLineReader(terminal, historyFile) : new PlainLineReader();
    }
}

/// <summary>Lines from standard input as they come (a pipe, a file); the prompt goes to stderr.</summary>
internal sealed class PlainLineReader : ILineReader
{
    public async Task<string?> ReadLineAsync(string prompt, CancellationToken cancellationToken)
    {
        await Console.Error.WriteAsync(prompt).ConfigureAwait(false);
        return await Console.In.ReadLineAsync(cancellationToken).ConfigureAwait(false);
    }
}

/// <summary>
/// A terminal line editor: cursor keys, Home/End, word moves, Up/Down through the history, which is kept
/// in a file (like ~/.bash_history) so that it survives between runs. Ctrl-D on an empty line ends input.
/// </summary>
internal sealed class EditingLineReader : ILineReader
{
    private const int HistoryLimit = 1000;

    private readonly LineEditor _editor;
    private readonly ChangingPrompt _prompt = new();
    private readonly string _historyFile;
    private readonly EndOfInput _endOfInput = new();

    public EditingLineReader(IAnsiConsole terminal, string historyFile)
    {
        _historyFile = historyFile;
        _editor = new LineEditor(terminal) { Prompt = _prompt };
        // Bindings a bash user's fingers expect: Up/Down (and Ctrl-P/N) walk the history, Ctrl-A/E jump.
        _editor.KeyBindings.Add<PreviousHistoryCommand>(ConsoleKey.UpArrow);
        _editor.KeyBindings.Add<NextHistoryCommand>(ConsoleKey.DownArrow);
        _editor.KeyBindings.Add<PreviousHistoryCommand>(ConsoleKey.P, ConsoleModifiers.Control);
        _editor.KeyBindings.Add<NextHistoryCommand>(ConsoleKey.N, ConsoleModifiers.Control);
        _editor.KeyBindings.Add<MoveHomeCommand>(ConsoleKey.A, ConsoleModifiers.Control);
        _editor.KeyBindings.Add<MoveEndCommand>(ConsoleKey.E, ConsoleModifiers.Control);
        _editor.KeyBindings.Add(ConsoleKey.D, ConsoleModifiers.Control, () => _endOfInput);
        // A line typed ahead, before the editor took the terminal, arrives ending in a line feed (Ctrl-J).
        _editor.KeyBindings.Add<SubmitCommand>(ConsoleKey.J, ConsoleModifiers.Control);
        foreach (var line in ReadHistory()) _editor.History.Add(line);
    }

    public async Task<string?> ReadLineAsync(string prompt, CancellationToken cancellationToken)
    {
        _prompt.Text = prompt.TrimEnd();
        _endOfInput.Reached = false;
        var line = await _editor.ReadLine(cancellationToken).ConfigureAwait(false);
        if (_endOfInput.Reached) return null;
        if (line is null)
        {
            // Abandoned with Ctrl-C: an empty line, as bash gives a fresh prompt.
            cancellationToken.ThrowIfCancellationRequested();
            return string.Empty;
        }
        if (line.Trim().Length > 0) AppendHistory(line);
        return line;
    }

    private IEnumerable<string> ReadHistory()
    {
        try
        {
            return File.Exists(_historyFile) ? File.ReadLines(_historyFile).TakeLast(HistoryLimit).ToList() : [];
        }
        catch (IOException)
        {
            return [];
        }
    }

    private void AppendHistory(string line)
    {
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(_historyFile)!);
            File.AppendAllText(_historyFile, line.ReplaceLineEndings(" ") + "\n");
        }
        catch (IOException)
        {
            // History is a convenience: a full disk must not end the prompt.
        }
    }

    private sealed class ChangingPrompt : ILineEditorPrompt
    {
        public string Text { get; set; } = "$";

        public (Markup Markup, int Margin) GetPrompt(ILineEditorState state, int line) => (new Markup(Markup.Escape(Text)), 1);
    }

    /// <summary>Ctrl-D: ends input on an empty line, deletes the character under the cursor otherwise (as readline does).</summary>
    private sealed class EndOfInput : LineEditorCommand
    {
        public bool Reached { get; set; }

        public override void Execute(LineEditorContext context)
        {
            if (context.Buffer.Content.Length == 0)
            {
                Reached = true;
                context.Submit(SubmitAction.Cancel);
            }
            else
            {
                context.Buffer.Clear(context.Buffer.CursorPosition, 1);
            }
        }
    }
}
