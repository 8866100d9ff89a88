using System.Net;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Mirage.Configuration;
using Mirage.Mcp;
using Mirage.Snapshots;
using Mirage.Vfs;
using ModelContextProtocol.Server;

namespace Mirage.Server;

/// <summary>
/// The daemon: workspaces kept warm between calls behind an HTTP JSON API under <c>/v1</c>, listening on
/// 127.0.0.1 only, every request carrying <c>Authorization: Bearer TOKEN</c>.
/// </summary>
public sealed class MirageDaemon : IAsyncDisposable
{
    public const long MaxSnapshotBytes = 1L << 30;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    private readonly WebApplication _app;
    private readonly byte[] _token;
    private readonly ResourceRegistry _registry;
    private readonly ConditionalWeakTable<Workspace, McpServerOptions> _mcpOptions = new();

    public MirageDaemon(int port, string token, ResourceRegistry? registry = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(token);
        _token = Encoding.UTF8.GetBytes(token);
        _registry = registry ?? ResourceRegistry.CreateDefault();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, port);
            kestrel.Limits.MaxRequestBodySize = MaxSnapshotBytes;
        });
        builder.Services.Configure<FormOptions>(form => form.MultipartBodyLengthLimit = MaxSnapshotBytes);
        builder.Services.AddMcpServer().WithHttpTransport(mcp =>
        {
            // Stateless: every request names its workspace in the route, so no MCP session outlives a workspace.
            mcp.Stateless = true;
            mcp.ConfigureSessionOptions = ConfigureMcpAsync;
        });
        _app = builder.Build();
        _app.Use(HandleErrorsAsync);
        _app.Use(AuthenticateAsync);
        MapRoutes(_app);
    }

    public WorkspaceStore Workspaces { get; } = new();

    public static string Version { get; } =
        typeof(MirageDaemon).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    /// <summary>Signalled when a client asked the daemon to stop.</summary>
    public CancellationToken Stopping => _app.Lifetime.ApplicationStopping;

    /// <summary>Binds the port; fails with an <see cref="IOException"/> when it is taken.</summary>
    public Task StartAsync(CancellationToken cancellationToken = default) => _app.StartAsync(cancellationToken);

    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => _app.WaitForShutdownAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken = default) => _app.StopAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync().ConfigureAwait(false);
        await Workspaces.DisposeAsync().ConfigureAwait(false);
    }

    private async Task AuthenticateAsync(HttpContext context, RequestDelegate next)
    {
        var header = context.Request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        var given = header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) ? Encoding.UTF8.GetBytes(header[scheme.Length..].Trim()) : [];
        if (!CryptographicOperations.FixedTimeEquals(given, _token))
            throw new ApiException(401, "missing or wrong token: send Authorization: Bearer <the token in $MIRAGE_HOME/auth_token>");
        await next(context).ConfigureAwait(false);
    }

    private static async Task HandleErrorsAsync(HttpContext context, RequestDelegate next)
    {
        try
        {
            await next(context).ConfigureAwait(false);
        }
        catch (Exception e) when (!context.Response.HasStarted && Describe(e) is { } error)
        {
            context.Response.StatusCode = error.Status;
            // Clients (MCP ones among them) read this header to learn that a bearer token is what is missing.
            if (error.Status == 401) context.Response.Headers.WWWAuthenticate = "Bearer";
            await context.Response.WriteAsJsonAsync(new ErrorResponse(error.Message, error.Errors.Count > 0 ? error.Errors : null, error.Redacted.Count > 0 ? error.Redacted : null), Json).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; its command was cancelled with it.
        }
    }

    private static ApiException? Describe(Exception e) => e switch
    {
        ApiException api => api,
        ConfigurationException config => new ApiException(400, config.Errors.Count > 0 ? config.Errors[0] : config.Message, config.Errors),
        SnapshotException snapshot => new ApiException(400, snapshot.Message) { Redacted = snapshot.RedactedPrefixes },
        ResourceException { Error: ResourceError.NotFound } resource => new ApiException(404, resource.Message),
        ResourceException resource => new ApiException(400, resource.Message),
        Microsoft.AspNetCore.Http.BadHttpRequestException bad => new ApiException(bad.StatusCode, bad.Message),
        ArgumentException argument => new ApiException(400, argument.Message),
        OperationCanceledException => null,
        _ => new ApiException(500, $"internal error: {e.Message}"),
    };

    private void MapRoutes(WebApplication app)
    {
        var v1 = app.MapGroup("/v1");
        v1.MapGet("/health", () => Results.Json(new HealthResponse("ok", Version, Environment.ProcessId, Workspaces.Count), Json));
        v1.MapPost("/shutdown", (IHostApplicationLifetime lifetime) =>
        {
            // Answer first, then stop: the caller learns that the request was accepted.
            _ = Task.Run(async () =>
            {
                await Task.Delay(100).ConfigureAwait(false);
                lifetime.StopApplication();
            });
            return Results.Json(new { status = "stopping" }, Json);
        });

        var workspaces = v1.MapGroup("/workspaces");
        workspaces.MapPost("", (Delegate)CreateWorkspaceAsync);
        workspaces.MapGet("", () => Results.Json(Workspaces.All.Select(Describe).ToList(), Json));
        workspaces.MapPost("/load", (Delegate)LoadAsync);
        workspaces.MapGet("/{id}", (string id) => Results.Json(Describe(Workspaces.Get(id)), Json));
        workspaces.MapDelete("/{id}", async (string id) =>
        {
            if (!await Workspaces.RemoveAsync(id).ConfigureAwait(false)) throw new ApiException(404, $"workspace '{id}' not found");
            return Results.Json(new DeletedResponse(id, true), Json);
        });
        workspaces.MapPost("/{id}/execute", ExecuteAsync);
        workspaces.MapPost("/{id}/shell", ExecuteAsync);
        workspaces.MapPost("/{id}/execute/stream", ExecuteStreamingAsync);
        workspaces.MapGet("/{id}/snapshot", SnapshotAsync);

        workspaces.MapGet("/{id}/sessions", (string id) => Results.Json(Sessions(Workspaces.Get(id).Workspace), Json));
        workspaces.MapPost("/{id}/sessions", CreateSessionAsync);
        workspaces.MapDelete("/{id}/sessions/{sessionId}", (string id, string sessionId) =>
        {
            if (!Workspaces.Get(id).Workspace.CloseSession(sessionId)) throw new ApiException(404, $"session '{sessionId}' not found in workspace '{id}'");
            return Results.Json(new DeletedResponse(sessionId, true), Json);
        });

        workspaces.MapMcp("/{id}/mcp");

        workspaces.MapGet("/{id}/files/read", ReadFileAsync);
        workspaces.MapPut("/{id}/files/write", WriteFileAsync);
        workspaces.MapGet("/{id}/files/list", ListFilesAsync);
        workspaces.MapGet("/{id}/files/stat", StatFileAsync);
    }

    /// <summary>Gives an MCP request the tools and instructions of the workspace its route names.</summary>
    private Task ConfigureMcpAsync(HttpContext context, McpServerOptions options, CancellationToken cancellationToken)
    {
        var id = context.GetRouteValue("id") as string ?? throw new ApiException(404, "no workspace id in the route");
        var workspaceOptions = _mcpOptions.GetValue(Workspaces.Get(id).Workspace, workspace => WorkspaceMcp.CreateServerOptions(workspace));
        options.ServerInfo = workspaceOptions.ServerInfo;
        options.ServerInstructions = workspaceOptions.ServerInstructions;
        options.ToolCollection = workspaceOptions.ToolCollection;
        return Task.CompletedTask;
    }

    private async Task<IResult> CreateWorkspaceAsync(HttpContext context)
    {
        var request = await ReadJsonAsync<CreateWorkspaceRequest>(context).ConfigureAwait(false);
        if (string.IsNullOrWhiteSpace(request.Yaml)) throw new ApiException(400, "yaml: the workspace file's text is required");
        var variables = request.Variables ?? [];
        var config = WorkspaceConfig.Parse(request.Yaml, request.FileName ?? "workspace.yaml", _registry, name => variables.GetValueOrDefault(name), request.BaseFolder);
        var id = CheckId(request.Id ?? config.Id ?? WorkspaceStore.NewId());
        var workspace = config.CreateWorkspace();
        try
        {
            var hosted = Workspaces.Add(id, workspace, config);
            return Results.Json(Describe(hosted), Json, statusCode: 201);
        }
        catch
        {
            await workspace.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task<IResult> LoadAsync(HttpContext context)
    {
        if (!context.Request.HasFormContentType) throw new ApiException(400, "send the snapshot as multipart/form-data: a 'snapshot' file, optional 'id' and 'overrides' (YAML)");
        var form = await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
        var file = form.Files["snapshot"] ?? throw new ApiException(400, "snapshot: the tar file is required");
        var requestedId = form["id"].ToString() is { Length: > 0 } given ? CheckId(given) : null;
        if (requestedId is not null && Workspaces.All.Any(w => w.Id == requestedId)) throw new ApiException(409, $"workspace '{requestedId}' already exists");
        var overrides = form["overrides"].ToString();
        var overridesName = form["overrides_name"].ToString();
        var baseFolder = form["base_folder"].ToString();
        var variables = ReadVariables(form["variables"].ToString());
        LoadedSnapshot loaded;
        var upload = file.OpenReadStream();
        await using (upload.ConfigureAwait(false))
        {
            loaded = await WorkspaceSnapshot.LoadAsync(upload, new SnapshotLoadOptions
            {
                Id = requestedId,
                OverridesYaml = overrides.Length > 0 ? overrides : null,
                OverridesFileName = overridesName.Length > 0 ? overridesName : "overrides.yaml",
                BaseFolder = baseFolder.Length > 0 && Path.IsPathRooted(baseFolder) ? baseFolder : null,
                Environment = name => variables.GetValueOrDefault(name),
                Registry = _registry,
            }, context.RequestAborted).ConfigureAwait(false);
        }
        try
        {
            var id = CheckId(requestedId ?? loaded.Manifest.Id ?? WorkspaceStore.NewId());
            return Results.Json(Describe(Workspaces.Add(id, loaded.Workspace, loaded.Config)), Json, statusCode: 201);
        }
        catch
        {
            await loaded.Workspace.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task<IResult> ExecuteAsync(HttpContext context, string id)
    {
        var (hosted, command, options) = await ReadExecuteRequestAsync(context, id).ConfigureAwait(false);
        var result = await hosted.Workspace.ExecuteAsync(command, options, context.RequestAborted).ConfigureAwait(false);
        var text = IsUtf8(result.Stdout) && IsUtf8(result.Stderr);
        var cwdAfter = hosted.Workspace.GetSession(options.SessionId!).WorkingDirectory;
        return Results.Json(text
            ? new ExecuteResponse(result.ExitCode, result.StdoutText, result.StderrText, "utf-8", cwdAfter)
            : new ExecuteResponse(result.ExitCode, Convert.ToBase64String(result.Stdout), Convert.ToBase64String(result.Stderr), "base64", cwdAfter), Json);
    }

    /// <summary>
    /// The same line, answered as newline-delimited JSON frames while it runs, so that long output is never
    /// held whole: <c>{"stdout":B64}</c>, <c>{"stderr":B64}</c>, then <c>{"exit_code":N,"cwd":DIR}</c> or <c>{"error":TEXT}</c>.
    /// </summary>
    private async Task ExecuteStreamingAsync(HttpContext context, string id)
    {
        var (hosted, command, options) = await ReadExecuteRequestAsync(context, id).ConfigureAwait(false);
        context.Response.ContentType = "application/x-ndjson";
        var frames = new ExecuteFrameWriter(context.Response.Body, Json);
        ExecuteFrame end;
        try
        {
            var result = await hosted.Workspace.ExecuteAsync(command, options with { Stdout = frames.Stdout, Stderr = frames.Stderr }, context.RequestAborted).ConfigureAwait(false);
            end = new ExecuteFrame { ExitCode = result.ExitCode, Cwd = hosted.Workspace.GetSession(options.SessionId!).WorkingDirectory };
        }
        catch (Exception e) when (!context.RequestAborted.IsCancellationRequested && Describe(e) is { } error)
        {
            end = new ExecuteFrame { Error = error.Message };
        }
        await frames.WriteAsync(end, context.RequestAborted).ConfigureAwait(false);
    }

    private async Task<(HostedWorkspace Hosted, string Command, ExecuteOptions Options)> ReadExecuteRequestAsync(HttpContext context, string id)
    {
        var hosted = Workspaces.Get(id);
        var request = await ReadJsonAsync<ExecuteRequest>(context).ConfigureAwait(false);
        if (request.Command is null) throw new ApiException(400, "command: the bash line to run is required");
        byte[] stdin;
        try
        {
            stdin = request.StdinBase64 is not null ? Convert.FromBase64String(request.StdinBase64) : Encoding.UTF8.GetBytes(request.Stdin ?? string.Empty);
        }
        catch (FormatException)
        {
            throw new ApiException(400, "stdin_base64: not valid base64");
        }
        return (hosted, request.Command, new ExecuteOptions
        {
            SessionId = request.SessionId is { Length: > 0 } session ? session : Workspace.DefaultSessionId,
            WorkingDirectory = request.Cwd is { Length: > 0 } cwd ? cwd : null,
            Stdin = new MemoryStream(stdin, writable: false),
        });
    }

    private async Task SnapshotAsync(HttpContext context, string id)
    {
        var hosted = Workspaces.Get(id);
        // Built whole before the first byte goes out, so that a failure is still answered with an error status; in a
        // temporary file rather than in memory, since disk mounts and caches can make it large.
        var buffer = new FileStream(Path.GetTempFileName(), FileMode.Open, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        await using (buffer.ConfigureAwait(false))
        {
            await WorkspaceSnapshot.SaveAsync(hosted.Workspace, hosted.Config, buffer, hosted.Id, context.RequestAborted).ConfigureAwait(false);
            context.Response.ContentType = "application/x-tar";
            context.Response.Headers.ContentDisposition = $"attachment; filename=\"{hosted.Id}.tar\"";
            context.Response.ContentLength = buffer.Length;
            buffer.Position = 0;
            await buffer.CopyToAsync(context.Response.Body, context.RequestAborted).ConfigureAwait(false);
        }
    }

    private async Task<IResult> CreateSessionAsync(HttpContext context, string id)
    {
        var workspace = Workspaces.Get(id).Workspace;
        var request = context.Request.ContentLength is not 0 && context.Request.HasJsonContentType() ? await ReadJsonAsync<CreateSessionRequest>(context).ConfigureAwait(false) : new CreateSessionRequest();
        var sessionId = request.SessionId is { Length: > 0 } given ? given : "s_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        if (workspace.SessionIds.Contains(sessionId)) throw new ApiException(409, $"session '{sessionId}' already exists in workspace '{id}'");
        var session = workspace.GetSession(sessionId);
        if (request.Cwd is { Length: > 0 } cwd)
        {
            var result = await session.ExecuteAsync("cd -- '" + cwd.Replace("'", "'\\''", StringComparison.Ordinal) + "'", null, context.RequestAborted).ConfigureAwait(false);
            if (!result.Succeeded)
            {
                workspace.CloseSession(sessionId);
                throw new ApiException(400, result.StderrText.Trim());
            }
        }
        return Results.Json(new SessionInfo(session.Id, session.WorkingDirectory), Json, statusCode: 201);
    }

    private async Task ReadFileAsync(HttpContext context, string id, string path)
    {
        var files = Workspaces.Get(id).Workspace.Files;
        var content = await files.OpenReadAsync(path, ByteRange.All, context.RequestAborted).ConfigureAwait(false);
        await using (content.ConfigureAwait(false))
        {
            context.Response.ContentType = "application/octet-stream";
            await content.CopyToAsync(context.Response.Body, context.RequestAborted).ConfigureAwait(false);
        }
    }

    private async Task<IResult> WriteFileAsync(HttpContext context, string id, string path)
    {
        var files = Workspaces.Get(id).Workspace.Files;
        var entry = await files.WriteAsync(path, context.Request.Body, default, context.RequestAborted).ConfigureAwait(false);
        return Results.Json(ToResponse(entry, path), Json);
    }

    private async Task<IResult> ListFilesAsync(string id, string? path, CancellationToken cancellationToken)
    {
        var directory = VPath.Parse(path is { Length: > 0 } ? path : "/");
        var entries = await Workspaces.Get(id).Workspace.Files.ListAsync(directory.Value, cancellationToken).ConfigureAwait(false);
        return Results.Json(entries.Select(e => ToResponse(e, (directory / e.Name).Value)).ToList(), Json);
    }

    private async Task<IResult> StatFileAsync(string id, string path, CancellationToken cancellationToken)
    {
        var entry = await Workspaces.Get(id).Workspace.Files.StatAsync(path, cancellationToken).ConfigureAwait(false)
            ?? throw new ApiException(404, $"{path}: No such file or directory");
        return Results.Json(ToResponse(entry, path), Json);
    }

    private static EntryResponse ToResponse(EntryInfo entry, string path) =>
        new(path, entry.Kind.ToString().ToLowerInvariant(), entry.Size, entry.Modified);

    private static async Task<T> ReadJsonAsync<T>(HttpContext context)
    {
        try
        {
            return await context.Request.ReadFromJsonAsync<T>(Json, context.RequestAborted).ConfigureAwait(false)
                ?? throw new ApiException(400, "the request body must be a JSON object");
        }
        catch (JsonException e)
        {
            throw new ApiException(400, $"the request body is not valid JSON: {e.Message}");
        }
        catch (InvalidOperationException)
        {
            throw new ApiException(415, "send the request body as application/json");
        }
    }

    private static Dictionary<string, string> ReadVariables(string json)
    {
        if (json.Length == 0) return [];
        try
        {
            return JsonSerializer.Deserialize<Dictionary<string, string>>(json, Json) ?? [];
        }
        catch (JsonException e)
        {
            throw new ApiException(400, $"variables: not a JSON object of strings ({e.Message})");
        }
    }

    private static string CheckId(string id) =>
        WorkspaceStore.IsValidId(id) ? id : throw new ApiException(400, $"invalid workspace id '{id}': use letters, digits, '.', '_' or '-' (up to 64)");

    private static bool IsUtf8(byte[] bytes) => System.Text.Unicode.Utf8.IsValid(bytes);

    private static WorkspaceInfo Describe(HostedWorkspace hosted)
    {
        var types = hosted.Config.Declarations.ToDictionary(d => VPath.Parse(d.Prefix).Value, d => d.Type, StringComparer.Ordinal);
        var order = hosted.Config.Declarations.Select(d => VPath.Parse(d.Prefix).Value).ToList();
        // Listed in the order the file declared them; mounts added later come after, by prefix.
        var sorted = hosted.Workspace.Mounts
            .OrderBy(m => order.IndexOf(m.Prefix.Value) is var index and >= 0 ? index : int.MaxValue)
            .ThenBy(m => m.Prefix.Value, StringComparer.Ordinal);
        var mounts = sorted.Select(m => new MountInfo(
            m.Prefix.Value, types.GetValueOrDefault(m.Prefix.Value) ?? m.Resource.Info.Kind, m.Mode.ToText(), m.Resource.Info.Description)).ToList();
        return new WorkspaceInfo(hosted.Id, hosted.Created, mounts, Sessions(hosted.Workspace));
    }

    private static List<SessionInfo> Sessions(Workspace workspace) =>
        workspace.SessionIds.Order(StringComparer.Ordinal).Select(id => new SessionInfo(id, workspace.GetSession(id).WorkingDirectory)).ToList();
}
