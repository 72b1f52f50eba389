using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Scalar.AspNetCore;
using Shortener.Api.Auth;
using Shortener.Api.RateLimiting;

namespace Shortener.Api.OpenApi;

/// <summary>
/// The OpenAPI document (/openapi/v1.json) and its reference page (/docs). What every endpoint shares is added here, as
/// the document is made, from the endpoint's own metadata, so an API mapped later is described the same way without
/// doing anything: the API-key security and its 401 (and 403 for admin-only endpoints) wherever a key is required, 429
/// wherever a rate limit applies, 400/413/415 wherever a body is read, and 503 (storage unreachable) everywhere. JSON is
/// described as it is sent, snake_case, because the document uses the same serializer options as the endpoints. What
/// only one endpoint knows (a 404, a 409) it says itself with <see cref="ProducesProblems{TBuilder}"/>.
/// </summary>
public static class OpenApiConventions
{
    public const string DocumentName = "v1";
    public const string DocumentPath = "/openapi/v1.json";
    public const string DocsPath = "/docs";
    public const string ApiKeyScheme = "ApiKey";
    public const string BearerScheme = "Bearer";
    private const string ProblemJson = "application/problem+json";

    public static IServiceCollection AddShortenerOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(DocumentName, options =>
        {
            options.AddDocumentTransformer((document, context, ct) =>
            {
                DescribeDocument(document);
                return Task.CompletedTask;
            });
            options.AddOperationTransformer(DescribeSharedResponsesAsync);
            options.AddSchemaTransformer((schema, context, ct) =>
            {
                DescribeAsSent(schema, context);
                return Task.CompletedTask;
            });
        });

    /// <summary>The document and the reference page; neither is part of the document itself.</summary>
    public static void MapShortenerOpenApi(this WebApplication app)
    {
        app.MapOpenApi("/openapi/{documentName}.json").ExcludeFromDescription();
        // Self-hosted means self-contained: the page's script is served from here, and it calls nobody else (no
        // telemetry, no fonts from a CDN, no AI chat).
        app.MapScalarApiReference(DocsPath, o =>
        {
            o.WithTitle("Shortener API").WithOpenApiRoutePattern("/openapi/{documentName}.json").HideDeveloperTools();
            o.Telemetry = false;
            o.DefaultFonts = false;
            o.Agent = new ScalarAgentOptions { Disabled = true };
        }).ExcludeFromDescription();
    }

    /// <summary>Problem answers (application/problem+json) this endpoint gives beyond the shared ones, each with what it means.</summary>
    public static TBuilder ProducesProblems<TBuilder>(this TBuilder builder, params int[] statusCodes) where TBuilder : IEndpointConventionBuilder
    {
        foreach (var status in statusCodes) builder.WithMetadata(new ProducesResponseTypeMetadata(status, typeof(ProblemDetails), [ProblemJson]));
        return builder;
    }

    private static void DescribeDocument(OpenApiDocument document)
    {
        document.Info = new OpenApiInfo
        {
            Title = "Shortener API",
            Version = "v1",
            Description = "Short links with click analytics. Errors are RFC 7807 problem details. Management endpoints need an API key, " +
                "sent as 'X-Api-Key: KEY' or 'Authorization: Bearer KEY'.",
        };
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[ApiKeyScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey, In = ParameterLocation.Header, Name = "X-Api-Key", Description = "An API key (POST /api-keys issues them).",
        };
        document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http, Scheme = "bearer", Description = "The same API key as a bearer token.",
        };
        HealthEndpointsDescription.AddTo(document);
    }

    /// <summary>
    /// A property left out when null (JsonIgnore WhenWritingNull) is not required; problem details carry extensions
    /// (trace_id on every one of ours, errors on validation problems) besides the RFC 7807 members.
    /// </summary>
    private static void DescribeAsSent(OpenApiSchema schema, OpenApiSchemaTransformerContext context)
    {
        var type = context.JsonTypeInfo;
        if (type.Kind == System.Text.Json.Serialization.Metadata.JsonTypeInfoKind.Object && schema.Required is { Count: > 0 } required)
            foreach (var property in type.Properties.Where(p => p.ShouldSerialize is not null)) required.Remove(property.Name);
        if (typeof(ProblemDetails).IsAssignableFrom(type.Type))
        {
            schema.Properties ??= new Dictionary<string, IOpenApiSchema>();
            schema.Properties.TryAdd("trace_id", new OpenApiSchema { Type = JsonSchemaType.String, Description = "The request's W3C trace id." });
            schema.AdditionalProperties = new OpenApiSchema();
        }
    }

    private static async Task DescribeSharedResponsesAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var problem = await context.GetOrCreateSchemaAsync(typeof(ProblemDetails), null, ct);
        operation.Responses ??= new OpenApiResponses();

        var authorize = metadata.OfType<IAuthorizeData>().ToList();
        if (authorize.Count > 0 && !metadata.OfType<IAllowAnonymous>().Any())
        {
            operation.Security =
            [
                new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiKeyScheme, context.Document)] = [] },
                new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, context.Document)] = [] },
            ];
            Add(operation, problem, StatusCodes.Status401Unauthorized, "No API key, or one that is not valid (or was revoked).");
            if (authorize.Any(a => a.Policy == AuthExtensions.AdminPolicy))
                Add(operation, problem, StatusCodes.Status403Forbidden, "The key is not an admin's.");
        }
        if (metadata.OfType<RateLimitedAttribute>().Any())
            Add(operation, problem, StatusCodes.Status429TooManyRequests, "Too many requests from this client; Retry-After says when to try again.");
        if (operation.RequestBody is not null)
        {
            Add(operation, problem, StatusCodes.Status400BadRequest, "The body is not of the documented shape, or a field is not valid.");
            Add(operation, problem, StatusCodes.Status413PayloadTooLarge, "The body is larger than 16 KB.");
            Add(operation, problem, StatusCodes.Status415UnsupportedMediaType, "The body is not of a content type and charset (UTF-8) this endpoint reads.");
        }
        Add(operation, problem, StatusCodes.Status503ServiceUnavailable, "PostgreSQL or Redis is unreachable; try again shortly.");
    }

    private static void Add(OpenApiOperation operation, IOpenApiSchema problem, int status, string description)
    {
        var key = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (operation.Responses!.ContainsKey(key)) return;
        operation.Responses[key] = new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType> { [ProblemJson] = new() { Schema = problem } },
        };
    }
}
