// A TypeScript program that does not declare anything of AEP yet: `pulumi import` is tried here,
// and the code it prints is pasted below.
import * as pulumi from "@pulumi/pulumi";

export const stack = pulumi.getStack();
