namespace Mirage.Commands.Tests.Text;

/// <summary>A RAM tree with every file and text command registered, in the C locale.</summary>
public sealed class TextSandbox() : Sandbox(FileSystemCommands.All().Concat(TextCommands.All()), new Dictionary<string, string> { ["LC_ALL"] = "C" });
