namespace StackLint.Sarif;
