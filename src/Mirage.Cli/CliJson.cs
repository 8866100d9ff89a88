using System.Text.Json;
using System.Text.Json.Serialization;
using Mirage.Server;

namespace Mirage.Cli;

/// <summary>
/// The daemon API's shapes as the command line reads and writes them, compiled ahead of time: reflection-based
/// serializers emit code at first use, which cost a CLI call as much as the rest of its start-up together.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(HealthResponse))]
[JsonSerializable(typeof(ErrorResponse))]
[JsonSerializable(typeof(CreateWorkspaceRequest))]
[JsonSerializable(typeof(WorkspaceInfo))]
[JsonSerializable(typeof(List<WorkspaceInfo>))]
[JsonSerializable(typeof(DeletedResponse))]
[JsonSerializable(typeof(ExecuteRequest))]
[JsonSerializable(typeof(ExecuteFrame))]
[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class CliJsonContext : JsonSerializerContext;
