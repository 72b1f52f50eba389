using System.Security.Cryptography;
using System.Text;

namespace Shortener.AppHost.LocalServers;

/// <summary>Where the local servers keep their data, and a check that PostgreSQL's unprivileged account can reach it.</summary>
internal static class DataRoot
{
    public static (string Path, string? Note) Resolve(string? configured, string appHostDirectory)
    {
        var wanted = Path.GetFullPath(configured ?? Path.Combine(appHostDirectory, "..", ".data"));
        if (!ServerPrograms.IsRoot || TraversableByOthers(wanted)) return (Create(wanted), null);

        // As root PostgreSQL runs as 'postgres', which cannot pass through e.g. /root (mode 700).
        var fallback = Path.Combine("/var/lib/shortener", Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(wanted)))[..12]);
        return (Create(fallback), $"Data directory {fallback}: the '{ServerPrograms.PostgresAccount}' account cannot reach {wanted}.");
    }

    private static string Create(string path)
    {
        Directory.CreateDirectory(path);
        return path;
    }

    private static bool TraversableByOthers(string path)
    {
        for (var dir = new DirectoryInfo(path); dir is not null; dir = dir.Parent)
        {
            if (dir.Exists && !dir.UnixFileMode.HasFlag(UnixFileMode.OtherExecute)) return false;
        }
        return true;
    }
}
