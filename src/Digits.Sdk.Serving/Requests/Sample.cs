namespace Digits.Sdk.Serving.Requests;

/// <summary>One thing to classify, as read from a request.</summary>
/// <param name="Name">The uploaded file's name, if the request gave one.</param>
/// <param name="Pixels">Intensities in [0, 1] (1 = ink), exactly the model's input size.</param>
internal sealed record Sample(string? Name, float[] Pixels);
