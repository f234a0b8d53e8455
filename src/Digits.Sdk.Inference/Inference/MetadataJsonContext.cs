using System.Text.Json.Serialization;

namespace Digits.Sdk.Inference;

/// <summary>
/// The JSON shapes the model's metadata holds, serialised by generated code rather than reflection, so an application
/// published with Native AOT or trimming reads models as any other does.
/// </summary>
[JsonSerializable(typeof(int[]))]
[JsonSerializable(typeof(float[]))]
[JsonSerializable(typeof(string[]))]
internal sealed partial class MetadataJsonContext : JsonSerializerContext;
