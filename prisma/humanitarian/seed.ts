export async function seedHumanitarianDemo(_p: unknown): Promise<{ created: boolean }> { return { created: false }; }
