using System.Diagnostics;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Shortener.Hosting;

/// <summary>
/// PostgreSQL from the machine's own binaries. initdb and postgres refuse to run as root, so as root both run as the
/// unprivileged 'postgres' account through setpriv, which execs in place (the pid we hold is the server's).
/// </summary>
internal sealed class LocalPostgresRunner(PostgresServerResource server, string binDirectory, string dataDirectory,
    bool durable, ResourceLogger logger) : ProcessRunner(logger)
{
    public const string ServiceAccount = "postgres";

    // SIGINT is PostgreSQL's "fast" shutdown: roll back open transactions and exit at once.
    protected override int StopSignal => ManagedProcess.SigInt;

    public override string? Url => $"localhost:{server.Port}";

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(Path.Combine(dataDirectory, "PG_VERSION"))) await InitializeAsync(cancellationToken);
        string[] settings =
        [
            "-D", dataDirectory, "-c", "listen_addresses=localhost", "-c", $"port={server.Port}",
            "-c", "unix_socket_directories=", "-c", "max_connections=300",
            .. (durable ? Array.Empty<string>() : ["-c", "fsync=off", "-c", "full_page_writes=off", "-c", "synchronous_commit=off"]),
        ];
        Launch(AsServiceAccount(Path.Combine(binDirectory, "postgres"), settings));
    }

    public override Task<HealthStatus> CheckHealthAsync(CancellationToken cancellationToken) =>
        HealthProbes.PostgresAsync(server.ConnectionString + ";Database=postgres", cancellationToken);

    private async Task InitializeAsync(CancellationToken ct)
    {
        Directory.CreateDirectory(dataDirectory);
        var passwordFile = Path.Combine(dataDirectory, "..", $".pgpass-init-{Guid.NewGuid():N}");
        await File.WriteAllTextAsync(passwordFile, server.Password.Value, ct);
        try
        {
            if (ServerBinaries.IsRoot)
            {
                await RequireAsync("chown", ["-R", $"{ServiceAccount}:{ServiceAccount}", dataDirectory], ct);
                await RequireAsync("chown", [$"{ServiceAccount}:{ServiceAccount}", passwordFile], ct);
            }
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(dataDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            string[] args =
            [
                "-D", dataDirectory, "-U", PostgresServerResource.UserName, "--auth=scram-sha-256",
                $"--pwfile={passwordFile}", "--encoding=UTF8", "--locale=C", "--no-instructions",
                .. (durable ? Array.Empty<string>() : ["--no-sync"]),
            ];
            var initdb = AsServiceAccount(Path.Combine(binDirectory, "initdb"), args);
            using var process = new ManagedProcess(initdb, Logger);
            process.Start();
            var code = await process.Exited.WaitAsync(ct);
            if (code != 0) throw new DistributedApplicationException($"initdb failed with exit code {code}; see the postgres log above.");
        }
        finally
        {
            File.Delete(passwordFile);
        }
    }

    private async Task RequireAsync(string file, string[] args, CancellationToken ct)
    {
        var code = await ServerBinaries.RunAsync(Logger, file, args, ct);
        if (code != 0) throw new DistributedApplicationException($"'{file} {string.Join(' ', args)}' failed with exit code {code}.");
    }

    /// <summary>setsid keeps a terminal's Ctrl+C away from the server, so the AppHost stops things in order.</summary>
    private static ProcessStartInfo AsServiceAccount(string program, IEnumerable<string> args)
    {
        IEnumerable<string> command = ServerBinaries.IsRoot
            ? ["setpriv", $"--reuid={ServiceAccount}", $"--regid={ServiceAccount}", "--init-groups", "--", program, .. args]
            : [program, .. args];
        return new ProcessStartInfo("setsid", command) { WorkingDirectory = "/" };
    }
}
