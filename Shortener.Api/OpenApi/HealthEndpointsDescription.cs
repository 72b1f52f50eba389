using System.Text.Json.Nodes;
using Microsoft.OpenApi;

namespace Shortener.Api.OpenApi;

/// <summary>
/// /health and /alive come from ServiceDefaults' MapHealthChecks, which the endpoint explorer does not see (they are
/// middleware, not handlers), so they are described here by hand.
/// </summary>
internal static class HealthEndpointsDescription
{
    public static void AddTo(OpenApiDocument document)
    {
        document.Paths ??= new OpenApiPaths();
        document.Paths["/health"] = PathItem("Database, cache and click stream health",
            "Anyone gets the overall status. With the admin key: every check with its status, description and duration.");
        document.Paths["/alive"] = PathItem("Liveness", "Whether the process answers (the checks tagged 'live'); the same report as /health.");
    }

    private static OpenApiPathItem PathItem(string summary, string description) => new()
    {
        Operations = new Dictionary<HttpMethod, OpenApiOperation>
        {
            [HttpMethod.Get] = new()
            {
                Summary = summary,
                Description = description,
                Tags = new HashSet<OpenApiTagReference> { new("Health") },
                Responses = new OpenApiResponses
                {
                    ["200"] = Report("Healthy or Degraded."),
                    ["503"] = Report("Unhealthy."),
                },
            },
        },
    };

    private static OpenApiResponse Report(string description) => new()
    {
        Description = description,
        Content = new Dictionary<string, OpenApiMediaType>
        {
            ["application/json"] = new()
            {
                Schema = new OpenApiSchema
                {
                    Type = JsonSchemaType.Object,
                    Required = new HashSet<string> { "status" },
                    Properties = new Dictionary<string, IOpenApiSchema>
                    {
                        ["status"] = new OpenApiSchema
                        {
                            Type = JsonSchemaType.String,
                            Enum = [JsonValue.Create("Healthy"), JsonValue.Create("Degraded"), JsonValue.Create("Unhealthy")],
                        },
                        ["total_duration_ms"] = new OpenApiSchema { Type = JsonSchemaType.Number },
                        ["checks"] = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.Object } },
                    },
                },
            },
        },
    };
}
