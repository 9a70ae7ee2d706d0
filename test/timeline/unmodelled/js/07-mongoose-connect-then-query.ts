import mongoose from 'mongoose';

interface Article { title: string; views: number }

const schema = new mongoose.Schema({ title: String, views: Number });
const ArticleModel = mongoose.model('Article', schema);

async function main(): Promise<void> {
  await mongoose.connect('mongodb://localhost/blog');
  console.log('connected');
  const articles: Article[] = [{ title: 'a', views: 1 }, { title: 'b', views: 2 }];
  await Promise.all(articles.map((a) => ArticleModel.create(a)));
  console.log('inserted', articles.length, 'articles');
  await ArticleModel.find({ views: { $gt: 0 } }).lean();
  console.log('queried');
  await mongoose.disconnect();
  console.log('done');
}

main().catch((e: Error) => console.error(e));
