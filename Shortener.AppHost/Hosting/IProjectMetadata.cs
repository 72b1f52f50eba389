namespace Shortener.Hosting;

/// <summary>Generated for each project the AppHost references (see build/ProjectMetadata.targets).</summary>
public interface IProjectMetadata
{
    string ProjectPath { get; }

    /// <summary>The project's built entry assembly; launched as is, never rebuilt by the AppHost.</summary>
    string OutputPath { get; }
}
