namespace Mirage.AI;

internal static class ShellQuote
{
    /// <summary>One bash word with exactly this text: single quotes, each inner quote as '\''.</summary>
    public static string Quote(string text) => "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
