using System.Text.Json.Serialization;

namespace Digits.Sdk.Training;

/// <summary>Source-generated serialisation of <see cref="CheckpointManifest"/>: camelCase, compact.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(CheckpointManifest))]
internal sealed partial class CheckpointJsonContext : JsonSerializerContext;
