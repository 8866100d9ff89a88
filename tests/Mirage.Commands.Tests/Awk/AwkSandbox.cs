using System.Text;

namespace Mirage.Commands.Tests.Awk;

/// <summary>A RAM tree with awk, gawk and the text commands registered.</summary>
public sealed class AwkSandbox() : Sandbox(
    FileSystemCommands.All().Concat(TextCommands.All()).Concat(AwkCommands.All()),
    new Dictionary<string, string> { ["LC_ALL"] = "C", ["HOME"] = "/home/me" })
{
    public Task<RunResult> AwkAsync(string input, params string[] arguments) =>
        RunAsync(new MemoryStream(Encoding.UTF8.GetBytes(input)), ["awk", .. arguments]);
}
