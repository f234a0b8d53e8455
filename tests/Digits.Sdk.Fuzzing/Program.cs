using Digits.Sdk.Fuzzing;
using SharpFuzz;

// Digits.Sdk.Fuzzing fuzz <target>            under afl-fuzz (fuzz.sh): one input per execution, from afl's shared loop
// Digits.Sdk.Fuzzing replay <target> <path>…  each file (or every file of each folder) once; exit 1 on a crash
// Digits.Sdk.Fuzzing seeds <target> <folder>  write the target's seed corpus
// Targets: idx, idx-gzip, checkpoint, picture, onnx-metadata (see FuzzTargets and docs/articles/fuzzing.md).
if (args is not [var command, var name, ..] || command is not ("fuzz" or "replay" or "seeds"))
{
    Console.Error.WriteLine("Usage: Digits.Sdk.Fuzzing fuzz <target> | replay <target> <file or folder>... | seeds <target> <folder>");
    Console.Error.WriteLine($"Targets: {string.Join(", ", FuzzTargets.All.Select(t => t.Name))}");
    return 2;
}

if (command == "seeds")
{
    Seeds.Write(name, args.Length > 2 ? args[2] : Path.Combine("corpus", name));
    return 0;
}

var target = FuzzTargets.Named(name);
target.Warm();
if (command == "fuzz")
{
    // Out of process: a native fault in SkiaSharp or libtorch ends only the child, which afl then records as a crash.
    Fuzzer.OutOfProcess.Run(stream =>
    {
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        target.Execute(buffer.ToArray());
    });
    return 0;
}

var crashes = 0;
foreach (var file in args.Skip(2).SelectMany<string, string>(p => Directory.Exists(p) ? Directory.EnumerateFiles(p, "*", SearchOption.AllDirectories).Order() : [p]))
{
    try
    {
        var refusal = target.Execute(File.ReadAllBytes(file));
        Console.WriteLine(refusal is null ? $"ok     {file}: accepted" : $"ok     {file}: refused with {refusal.GetType().Name}: {refusal.Message}");
    }
    catch (Exception error)
    {
        crashes++;
        Console.WriteLine($"CRASH  {file}: {error}");
    }
}

return crashes == 0 ? 0 : 1;
