using Digits.Sdk.Serving.Requests;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Digits.Sdk.Serving;

/// <summary>How the OpenAPI document describes the body of <c>POST /v1/predict</c>, which the handler reads itself.</summary>
internal static class PredictRequestBody
{
    public static Task DescribeAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var binary = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" };
        var pixels = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Required = new HashSet<string> { "pixels" },
            Properties = new Dictionary<string, IOpenApiSchema>
            {
                ["pixels"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.Array,
                    Description = "Intensities in [0, 1] (1 = ink) in the model's input shape, nested or flat, optionally with a leading batch dimension.",
                },
            },
        };
        var form = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = "One part per picture, each image/png or image/jpeg.",
            AdditionalProperties = binary,
        };
        operation.RequestBody = new OpenApiRequestBody
        {
            Required = true,
            Description = "One picture, several pictures as multipart parts, or JSON pixels.",
            Content = new Dictionary<string, OpenApiMediaType>
            {
                [PredictRequestReader.ContentTypes[0]] = new() { Schema = binary },
                [PredictRequestReader.ContentTypes[1]] = new() { Schema = binary },
                [PredictRequestReader.ContentTypes[2]] = new() { Schema = form },
                [PredictRequestReader.ContentTypes[3]] = new() { Schema = pixels },
            },
        };
        return Task.CompletedTask;
    }
}
