namespace Shortener.Hosting;

public sealed class ProjectResource(string name, IProjectMetadata metadata) : Resource(name)
{
    public IProjectMetadata Metadata { get; } = metadata;

    /// <summary>The http endpoint's port; 0 until allocated at build time when none was asked for.</summary>
    public int HttpPort { get; internal set; }

    /// <summary>Set by WithHttpEndpoint(port): a fixed port, kept even under the test harness.</summary>
    internal bool FixedPort { get; set; }

    public List<IResource> References { get; } = [];

    /// <summary>Literal strings or parameters; parameters are resolved at launch, when their values are final.</summary>
    public Dictionary<string, object> Environment { get; } = new(StringComparer.Ordinal);

    internal static string Resolve(object value) => value is ParameterResource p ? p.Value : (string)value;

    public string ProjectDirectory => Path.GetDirectoryName(Metadata.ProjectPath)!;

    public Uri HttpUrl => new($"http://localhost:{HttpPort}");
}
