using System.Text.Json.Serialization;

namespace Digits.Sdk.Training;

/// <summary>
/// Source-generated serialisation of <see cref="CheckpointManifest"/>: camelCase, compact. A <c>null</c> where the manifest
/// declares a value (found by fuzzing: <c>"classNames": null</c> loaded, then failed with a NullReferenceException) is
/// refused as malformed JSON.
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals, RespectNullableAnnotations = true)]
[JsonSerializable(typeof(CheckpointManifest))]
internal sealed partial class CheckpointJsonContext : JsonSerializerContext;
