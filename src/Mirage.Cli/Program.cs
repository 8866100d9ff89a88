Console.WriteLine("mirage");
