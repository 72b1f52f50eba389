namespace Shortener.Hosting;

/// <summary>Where each server keeps its data, and a check that PostgreSQL's unprivileged account can reach it.</summary>
internal sealed class DataDirectories
{
    private DataDirectories(string root, bool throwAway, string? note)
    {
        Root = root;
        ThrowAway = throwAway;
        Note = note;
    }

    public string Root { get; }
    public bool ThrowAway { get; }

    /// <summary>Why the root is not where it was asked for, when it is not.</summary>
    public string? Note { get; }

    public string For(IResource resource) => Path.Combine(Root, resource.Name);
    public string Logs => Path.Combine(Root, "logs");
    public string SecretsFile => Path.Combine(Root, "secrets.json");

    public static DataDirectories Create(AppHostOptions options, string appHostDirectory)
    {
        if (options.IsTesting)
        {
            var temp = Path.Combine(Path.GetTempPath(), $"shortener-test-{Guid.NewGuid():N}");
            Directory.CreateDirectory(temp);
            return new DataDirectories(temp, throwAway: true, note: null);
        }
        var wanted = Path.GetFullPath(options.DataDirectory ?? Path.Combine(appHostDirectory, "..", ".data"));
        if (!ServerBinaries.IsRoot || TraversableByOthers(wanted)) return Create(wanted, null);

        // As root PostgreSQL runs as 'postgres', which cannot pass through e.g. /root (mode 700).
        var fallback = Path.Combine("/var/lib/shortener", Convert.ToHexStringLower(
            System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(wanted)))[..12]);
        return Create(fallback, $"data directory {fallback} (the 'postgres' account cannot reach {wanted})");
    }

    private static DataDirectories Create(string root, string? note)
    {
        Directory.CreateDirectory(root);
        return new DataDirectories(root, throwAway: false, note);
    }

    private static bool TraversableByOthers(string path)
    {
        for (var dir = new DirectoryInfo(path); dir is not null; dir = dir.Parent)
        {
            if (!dir.Exists) continue;
            if (!dir.UnixFileMode.HasFlag(UnixFileMode.OtherExecute)) return false;
        }
        return true;
    }

    public void DeleteIfThrowAway()
    {
        if (!ThrowAway) return;
        try { Directory.Delete(Root, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
