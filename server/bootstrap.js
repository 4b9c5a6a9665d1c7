// Production entry: runs the compiled server (npm run build -w server first; `npm start` at the root does it).
const { Bootstrap } = require('@midwayjs/bootstrap');
Bootstrap.configure({ baseDir: __dirname + '/dist' }).run();
