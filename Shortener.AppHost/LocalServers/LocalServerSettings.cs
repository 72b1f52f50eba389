namespace Shortener.AppHost.LocalServers;

/// <summary>What the local mode found: the server programs and where their data lives.</summary>
public sealed record LocalServerSettings(string DataRoot, string PostgresBinDirectory, string RedisServer, bool DurablePostgres)
{
    /// <summary>Finds the programs (or throws the one message that names what to install) and the data directory.</summary>
    public static LocalServerSettings Resolve(AppHostSettings settings, string appHostDirectory)
    {
        var postgres = ServerPrograms.PostgresBinDirectory(settings.PostgresBinDirectory);
        var redis = ServerPrograms.RedisServer(settings.RedisServerPath);
        var missing = new List<string>();
        if (postgres is null) missing.Add("postgresql");
        if (redis is null) missing.Add("redis-server");
        if (missing.Count > 0)
            throw new AppHostConfigurationException($"Shortener runs the machine's own PostgreSQL and Redis here (no container engine " +
                $"answers and no connection strings are set), and {string.Join(" and ", missing)} {(missing.Count > 1 ? "are" : "is")} missing. " +
                $"Install with: sudo apt-get install -y {string.Join(' ', missing)}   (./run.sh does this)");

        var (dataRoot, note) = LocalServers.DataRoot.Resolve(settings.DataDirectory, appHostDirectory);
        if (note is not null) Console.WriteLine(note);
        return new LocalServerSettings(dataRoot, postgres!, redis!, settings.DurablePostgres);
    }
}
