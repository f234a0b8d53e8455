using System.Globalization;
using Digits.Sdk.Inference;

// Usage: Digits.Sdk.InferenceProbe <model.onnx> [image]
using var classifier = DigitClassifier.Load(args[0]);
var prediction = args.Length > 1 ? classifier.PredictImage(args[1]) : classifier.Predict(new byte[classifier.PixelCount]);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"prediction {prediction.Label} {prediction.Confidence}"));

foreach (var assembly in AppDomain.CurrentDomain.GetAssemblies())
{
    Console.WriteLine("assembly " + assembly.GetName().Name);
}

// Native libraries mapped into this process (Linux), to catch libtorch loaded behind the managed layer's back.
if (File.Exists("/proc/self/maps"))
{
    foreach (var library in File.ReadLines("/proc/self/maps").Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Last())
                 .Where(path => path.EndsWith(".so", StringComparison.Ordinal) || path.Contains(".so.", StringComparison.Ordinal)).Distinct())
    {
        Console.WriteLine("native " + Path.GetFileName(library));
    }
}
