using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;

namespace Shortener.Api.Dashboard;

/// <summary>
/// The dashboard's built files (Shortener.Dashboard, copied beside the api's assembly by the build), each with the
/// gzip and brotli copies the build made of it, so answers are compressed without compressing on every request.
/// </summary>
public sealed class DashboardFiles
{
    public const string Folder = "dashboard";

    private static readonly FileExtensionContentTypeProvider s_types = new();
    private readonly PhysicalFileProvider? _files;

    public DashboardFiles()
    {
        var root = Path.Combine(AppContext.BaseDirectory, Folder);
        _files = Directory.Exists(root) ? new PhysicalFileProvider(root) : null;
    }

    public bool IsBuilt => Find("index.html") is not null;

    /// <summary>The file at a relative path, or null; PhysicalFileProvider refuses paths that climb out of the folder.</summary>
    public IFileInfo? Find(string path)
    {
        if (_files is null || path.Length == 0 || path.EndsWith('/')) return null;
        var file = _files.GetFileInfo(path);
        return file.Exists && !file.IsDirectory && file.PhysicalPath is not null ? file : null;
    }

    public static string ContentType(string path) => s_types.TryGetContentType(path, out var type) ? type : "application/octet-stream";

    /// <summary>The best precompressed copy the client accepts: (file, Content-Encoding), or the file itself with no encoding.</summary>
    public (IFileInfo File, string? Encoding) Negotiate(IFileInfo file, string path, string acceptEncoding)
    {
        if (acceptEncoding.Contains("br", StringComparison.OrdinalIgnoreCase) && Find(path + ".br") is { } br) return (br, "br");
        if (acceptEncoding.Contains("gzip", StringComparison.OrdinalIgnoreCase) && Find(path + ".gz") is { } gz) return (gz, "gzip");
        return (file, null);
    }
}
