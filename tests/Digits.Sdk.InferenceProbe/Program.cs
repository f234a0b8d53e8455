using System.Globalization;
using Digits.Sdk.Inference;

// Usage: Digits.Sdk.InferenceProbe <model.onnx> [image]
using var classifier = DigitClassifier.Load(args[0]);
// Without a picture, a vertical stroke (a one) down the middle of the field: blank pixels would not reach the model.
var stroke = new byte[classifier.PixelCount];
for (var y = classifier.ImageHeight / 5; y < classifier.ImageHeight * 4 / 5; y++)
{
    stroke[(y * classifier.ImageWidth) + (classifier.ImageWidth / 2)] = 255;
}

var prediction = args.Length > 1 ? classifier.PredictImage(args[1]) : classifier.Predict(stroke);
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
