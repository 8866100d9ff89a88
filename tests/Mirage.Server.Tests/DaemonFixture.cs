using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;

namespace Mirage.Server.Tests;

/// <summary>A daemon in this process on a free loopback port, stopped at the end.</summary>
public sealed class DaemonFixture : IAsyncLifetime
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public const string Token = "test-token-0123456789";

    /// <summary>A workspace of two RAM mounts, /data and /tmp.</summary>
    public const string RamYaml = "mounts:\n  /data: { type: ram }\n  /tmp: { type: ram }\n";

    public MirageDaemon Daemon { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    public Uri Url { get; private set; } = null!;

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async Task InitializeAsync()
    {
        var port = FreePort();
        Url = new Uri($"http://127.0.0.1:{port}/");
        Daemon = new MirageDaemon(port, Token);
        await Daemon.StartAsync();
        Client = NewClient(Token);
    }

    public HttpClient NewClient(string? token)
    {
        var client = new HttpClient { BaseAddress = Url };
        if (token is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public async Task<WorkspaceInfo> CreateAsync(string yaml, string? id = null)
    {
        using var response = await Client.PostAsJsonAsync("v1/workspaces", new CreateWorkspaceRequest(yaml, id), Json);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<WorkspaceInfo>(Json))!;
    }

    public async Task<ExecuteResponse> ExecuteAsync(string id, ExecuteRequest request)
    {
        using var response = await Client.PostAsJsonAsync($"v1/workspaces/{id}/execute", request, Json);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<ExecuteResponse>(Json))!;
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Daemon.StopAsync();
        await Daemon.DisposeAsync();
    }
}
