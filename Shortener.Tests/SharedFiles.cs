namespace Shortener.Tests;

/// <summary>Locates ../shared (beside the repository root) for conformance data.</summary>
public static class SharedFiles
{
    public static string Root { get; } = Locate();

    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string Locate()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Shortener.sln")))
            {
                var shared = Path.Combine(dir.Parent?.FullName ?? dir.FullName, "shared");
                if (Directory.Exists(shared)) return shared;
            }
        }
        throw new DirectoryNotFoundException("../shared (beside the repository) was not found; the conformance data lives there.");
    }
}
