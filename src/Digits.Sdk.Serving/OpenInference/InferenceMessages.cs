using System.Text.Json.Serialization;

namespace Digits.Sdk.Serving.OpenInference;

// The Open Inference Protocol's REST messages (KServe v2), spelled as its specification spells them.

/// <summary>The answer of <c>GET /v2</c>.</summary>
internal sealed record ServerMetadata(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("version")] string Version,
    [property: JsonPropertyName("extensions")] IReadOnlyList<string> Extensions);

/// <summary>The answer of <c>GET /v2/health/live</c>.</summary>
internal sealed record LiveResponse([property: JsonPropertyName("live")] bool Live);

/// <summary>The answer of <c>GET /v2/health/ready</c> and <c>GET /v2/models/{name}/ready</c>.</summary>
internal sealed record ReadyResponse(
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("ready")] bool Ready);

/// <summary>A tensor's description in model metadata; -1 marks a dimension of any size.</summary>
internal sealed record MetadataTensor(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("datatype")] string Datatype,
    [property: JsonPropertyName("shape")] IReadOnlyList<long> Shape);

/// <summary>The answer of <c>GET /v2/models/{name}</c>.</summary>
internal sealed record ModelMetadata(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("versions")] IReadOnlyList<string> Versions,
    [property: JsonPropertyName("platform")] string Platform,
    [property: JsonPropertyName("inputs")] IReadOnlyList<MetadataTensor> Inputs,
    [property: JsonPropertyName("outputs")] IReadOnlyList<MetadataTensor> Outputs);

/// <summary>One output tensor of an inference response.</summary>
internal sealed record ResponseOutput(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("datatype")] string Datatype,
    [property: JsonPropertyName("shape")] IReadOnlyList<long> Shape,
    [property: JsonPropertyName("data")] object Data);

/// <summary>The answer of <c>POST /v2/models/{name}/infer</c>.</summary>
internal sealed record InferenceResponse(
    [property: JsonPropertyName("model_name")] string ModelName,
    [property: JsonPropertyName("model_version")] string? ModelVersion,
    [property: JsonPropertyName("id")] string? Id,
    [property: JsonPropertyName("outputs")] IReadOnlyList<ResponseOutput> Outputs);

/// <summary>The protocol's error object, sent with a 4xx status.</summary>
internal sealed record InferenceError([property: JsonPropertyName("error")] string Error);
